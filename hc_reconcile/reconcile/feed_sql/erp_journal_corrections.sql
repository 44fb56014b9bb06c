-- erp_journal_corrections (CONTRACT §2): one balanced journal per open EFT_NOT_IN_GL and
-- EFT_AMOUNT_MISMATCH: line 1 cash with amount X, line 2 patient A/R with -X, X being the
-- exception's amount (BPR02, or BPR02 - booked cash), reference = TRN02.
-- entity_id: the entity of the cash lines already booked with that reference; otherwise
-- the entity that books the most PAYER_EFT cash lines as of D (then the most GL lines,
-- then the smallest id). cost_center: the single cost center of those cash lines, else empty.
WITH journal AS (
    SELECT d.exception_id, d.exception_type, d.entity_key AS trn02, d.amount AS x
    FROM rc_detected AS d
    WHERE d.exception_type IN ('EFT_NOT_IN_GL', 'EFT_AMOUNT_MISMATCH')
), booked AS (
    SELECT reference,
           min(entity_id) AS entity_id,
           CASE WHEN count(DISTINCT cost_center) = 1 THEN min(cost_center) END AS cost_center
    FROM rc_gl
    WHERE is_cash AND reference IN (SELECT trn02 FROM journal)
    GROUP BY reference
), default_entity AS (
    SELECT entity_id
    FROM rc_gl
    GROUP BY entity_id
    ORDER BY count(*) FILTER (WHERE is_cash AND source = 'PAYER_EFT') DESC,
             count(*) DESC,
             entity_id
    LIMIT 1
)
SELECT 'RJ-' || substr(j.exception_id, 4) AS journal_id,
       l.line_no,
       j.exception_id,
       coalesce(b.entity_id, (SELECT entity_id FROM default_entity)) AS entity_id,
       l.account,
       b.cost_center,
       CAST(l.sign * j.x AS DECIMAL(18,2)) AS amount,
       j.trn02 AS reference,
       CASE j.exception_type
           WHEN 'EFT_NOT_IN_GL'
               THEN 'EFT_NOT_IN_GL: payer EFT ' || j.trn02 || ' of ' || t.bpr02::VARCHAR
                    || ' not booked to cash'
           ELSE 'EFT_AMOUNT_MISMATCH: payer EFT ' || j.trn02 || ' of ' || t.bpr02::VARCHAR
                || ', cash booked ' || c.cash_total::VARCHAR
       END AS description
FROM journal AS j
LEFT JOIN booked AS b ON b.reference = j.trn02
LEFT JOIN rc_trn AS t ON t.trn02 = j.trn02
LEFT JOIN rc_cash_ref AS c ON c.reference = j.trn02
CROSS JOIN (VALUES (1, $cash, 1), (2, $patient_ar, -1)) AS l(line_no, account, sign)
ORDER BY reference, journal_id, line_no
