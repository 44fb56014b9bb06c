-- REMIT_UNBALANCED, key TRN02|CLP01 (CONTRACT §3): over the TRN02 group's CLPs with that
-- CLP01, sum of (CLP03 - CLP04 - CAS amounts) <> 0. CAS amounts: every CAS amount of the
-- claim loop, claim and service level, any group code. Amount: that difference.
-- One pass: CLP03 - CLP04 of each CLP and -amount of each CAS, summed per (TRN02, CLP01).
WITH diff AS (
    SELECT trn02, claim_id, sum(delta) AS difference
    FROM (
        SELECT trn02, claim_id, coalesce(charge_amount, 0) - coalesce(paid_amount, 0) AS delta
        FROM rc_clp
        UNION ALL
        SELECT trn02, claim_id, -amount AS delta
        FROM remit.adjustments
        WHERE business_date <= $d
    )
    GROUP BY trn02, claim_id
    HAVING sum(delta) <> 0
), clp AS (
    SELECT c.trn02, c.claim_id,
           coalesce(sum(c.charge_amount), 0) AS clp03_total,
           coalesce(sum(c.paid_amount), 0) AS clp04_total,
           list({'received_date': c.received_date, 'file_name': r.file_name,
                 'segment_position': c.segment_position, 'payer_id': c.payer_id,
                 'clp02': c.status_code, 'clp03': c.charge_amount, 'clp04': c.paid_amount}
                ORDER BY c.received_date, c.file_seq, c.segment_position) AS clps
    FROM rc_clp AS c
    SEMI JOIN diff AS h ON h.trn02 = c.trn02 AND h.claim_id = c.claim_id
    JOIN remit.claims AS r
      ON  r.business_date = c.received_date
      AND r.file_seq = c.file_seq
      AND r.segment_position = c.segment_position
    GROUP BY c.trn02, c.claim_id
), cas AS (
    SELECT a.trn02, a.claim_id, sum(a.amount) AS cas_total, count(*) AS cas_count
    FROM remit.adjustments AS a
    SEMI JOIN diff AS h ON h.trn02 = a.trn02 AND h.claim_id = a.claim_id
    WHERE a.business_date <= $d
    GROUP BY a.trn02, a.claim_id
)
SELECT 'REMIT_UNBALANCED' AS exception_type,
       h.trn02 || '|' || h.claim_id AS entity_key,
       h.difference AS amount,
       {'trn02': h.trn02,
        'clp01': h.claim_id,
        'level': 'claim',
        'clp03_total': c.clp03_total,
        'clp04_total': c.clp04_total,
        'cas_total': coalesce(s.cas_total, 0),
        'cas_count': coalesce(s.cas_count, 0),
        'difference': h.difference,
        'clps': c.clps} AS details
FROM diff AS h
JOIN clp AS c USING (trn02, claim_id)
LEFT JOIN cas AS s USING (trn02, claim_id)
