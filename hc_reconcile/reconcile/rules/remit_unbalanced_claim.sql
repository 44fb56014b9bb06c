-- REMIT_UNBALANCED, key TRN02|CLP01 (CONTRACT §3): over the TRN02 group's CLPs with that
-- CLP01, sum of (CLP03 - CLP04 - CAS amounts) <> 0. CAS amounts: every CAS amount of the
-- claim loop, claim and service level, any group code. Amount: that difference.
WITH clp AS (
    SELECT trn02, claim_id,
           coalesce(sum(charge_amount), 0) AS clp03_total,
           coalesce(sum(paid_amount), 0) AS clp04_total
    FROM rc_clp
    GROUP BY trn02, claim_id
), cas AS (
    SELECT trn02, claim_id, sum(amount) AS cas_total, count(*) AS cas_count
    FROM remit.adjustments
    WHERE business_date <= $d
    GROUP BY trn02, claim_id
), hit AS (
    SELECT clp.trn02, clp.claim_id, clp.clp03_total, clp.clp04_total,
           coalesce(cas.cas_total, 0) AS cas_total,
           coalesce(cas.cas_count, 0) AS cas_count,
           clp.clp03_total - clp.clp04_total - coalesce(cas.cas_total, 0) AS difference
    FROM clp
    LEFT JOIN cas USING (trn02, claim_id)
    WHERE clp.clp03_total - clp.clp04_total - coalesce(cas.cas_total, 0) <> 0
), hit_clps AS (
    SELECT c.trn02, c.claim_id,
           list({'received_date': c.received_date, 'file_name': c.file_name,
                 'segment_position': c.segment_position, 'payer_id': c.payer_id,
                 'clp02': c.status_code, 'clp03': c.charge_amount, 'clp04': c.paid_amount}
                ORDER BY c.received_date, c.file_seq, c.segment_position) AS clps
    FROM rc_clp AS c
    SEMI JOIN hit AS h ON h.trn02 = c.trn02 AND h.claim_id = c.claim_id
    GROUP BY c.trn02, c.claim_id
)
SELECT 'REMIT_UNBALANCED' AS exception_type,
       h.trn02 || '|' || h.claim_id AS entity_key,
       h.difference AS amount,
       {'trn02': h.trn02,
        'clp01': h.claim_id,
        'level': 'claim',
        'clp03_total': h.clp03_total,
        'clp04_total': h.clp04_total,
        'cas_total': h.cas_total,
        'cas_count': h.cas_count,
        'difference': h.difference,
        'clps': hc.clps} AS details
FROM hit AS h
JOIN hit_clps AS hc USING (trn02, claim_id)
