-- REVENUE_GL_VARIANCE, key facility_id|date (CONTRACT §3): per facility and date < D, full
-- outer join of C = charges by facility_id and post_date and G = revenue lines by
-- cost_center and posting_date (lines without cost_center ignored). Revenue lines are
-- credits, so C + G = 0 when billing and the GL agree. Amount: C + G (positive = revenue
-- not booked).
WITH c AS (
    SELECT facility_id, post_date AS day, sum(amount) AS total, count(*) AS lines
    FROM rc_charges
    WHERE post_date < $d
    GROUP BY facility_id, post_date
), g AS (
    SELECT cost_center AS facility_id, posting_date AS day, sum(amount) AS total,
           count(*) AS lines
    FROM rc_gl
    WHERE is_revenue AND cost_center IS NOT NULL AND posting_date < $d
    GROUP BY cost_center, posting_date
)
SELECT 'REVENUE_GL_VARIANCE' AS exception_type,
       facility_id || '|' || strftime(day, '%Y-%m-%d') AS entity_key,
       coalesce(c.total, 0) + coalesce(g.total, 0) AS amount,
       {'facility_id': facility_id,
        'date': day,
        'charges_total': coalesce(c.total, 0),
        'charge_lines': coalesce(c.lines, 0),
        'revenue_gl_total': coalesce(g.total, 0),
        'revenue_gl_lines': coalesce(g.lines, 0),
        'revenue_account': $revenue,
        'variance': coalesce(c.total, 0) + coalesce(g.total, 0)} AS details
FROM c
FULL OUTER JOIN g USING (facility_id, day)
WHERE coalesce(c.total, 0) + coalesce(g.total, 0) <> 0
