-- Correlation lists added to every finding's details, so a person can find the rows behind
-- it: the CLPs of a claim (received date, file, segment position, payer, TRN02, CLP02/03/04)
-- and its latest CLP in processing order (whose payer and TRN02 billing_posting_corrections
-- uses),
-- its postings (posting id, type, amount, date, trace number, file and line), the 835
-- transactions of a TRN02 (file, ST position, payer, BPR02, BPR16) and the cash lines of a
-- GL reference (journal, line, entity, amount, source, file and line). Built once per run
-- for the entities the rules found (semi-joins), whichever rule found them.
WITH wanted AS (
    SELECT *,
           exception_type IN ('REMIT_CLAIM_NOT_FOUND', 'REMIT_NOT_POSTED',
                              'POSTED_AMOUNT_MISMATCH', 'DUPLICATE_PAYMENT') AS wants_clps,
           exception_type IN ('REMIT_NOT_POSTED', 'POSTED_AMOUNT_MISMATCH',
                              'POSTING_WITHOUT_REMIT') AS wants_postings,
           exception_type IN ('EFT_NOT_IN_GL', 'EFT_AMOUNT_MISMATCH')
               OR (exception_type = 'REMIT_UNBALANCED'
                   AND details->>'$.level' = 'transaction') AS wants_transactions,
           exception_type IN ('EFT_AMOUNT_MISMATCH', 'UNAPPLIED_CASH') AS wants_cash_lines
    FROM rc_found
), clps AS (
    SELECT c.claim_id AS entity_key,
           list({'received_date': c.received_date, 'file_name': r.file_name,
                 'segment_position': c.segment_position, 'isa13': r.isa13, 'st02': r.st02,
                 'trn02': c.trn02, 'payer_id': c.payer_id, 'clp02': c.status_code,
                 'clp03': c.charge_amount, 'clp04': c.paid_amount}
                ORDER BY c.received_date, c.file_seq, c.segment_position) AS items,
           arg_max({'payer_id': c.payer_id, 'trn02': c.trn02, 'received_date': c.received_date,
                    'file_name': r.file_name, 'segment_position': c.segment_position},
                   {'d': c.received_date, 'f': c.file_seq, 'p': c.segment_position}) AS latest
    FROM rc_clp AS c
    SEMI JOIN wanted AS w ON w.wants_clps AND w.entity_key = c.claim_id
    JOIN remit.claims AS r
      ON  r.business_date = c.received_date
      AND r.file_seq = c.file_seq
      AND r.segment_position = c.segment_position
    GROUP BY c.claim_id
), postings AS (
    SELECT p.claim_id AS entity_key,
           list({'posting_id': p.posting_id, 'posting_type': p.posting_type,
                 'amount': p.amount, 'post_date': p.post_date,
                 'trace_number': r.trace_number, 'group_reason': r.group_reason,
                 'business_date': p.business_date, 'file_name': r.file_name,
                 'file_line': p.file_line}
                ORDER BY p.post_date, p.posting_id) AS items
    FROM rc_postings AS p
    SEMI JOIN wanted AS w ON w.wants_postings AND w.entity_key = p.claim_id
    JOIN raw.postings AS r
      ON  r.business_date = p.business_date
      AND r.file_seq = p.file_seq
      AND r.file_line = p.file_line
      AND r.posting_id = p.posting_id
    GROUP BY p.claim_id
), transactions AS (
    SELECT t.trn02 AS entity_key,
           list({'received_date': t.received_date, 'file_name': t.file_name,
                 'segment_position': t.st_position, 'isa13': t.isa13, 'st02': t.st02,
                 'payer_id': t.payer_id, 'bpr02': t.bpr02, 'bpr16': t.bpr16}
                ORDER BY t.received_date, t.file_seq, t.st_position) AS items
    FROM rc_txn AS t
    SEMI JOIN wanted AS w ON w.wants_transactions AND w.entity_key = t.trn02
    GROUP BY t.trn02
), cash_lines AS (
    SELECT g.reference AS entity_key,
           list({'journal_id': g.journal_id, 'line_no': g.line_no, 'entity_id': g.entity_id,
                 'account': g.account, 'posting_date': g.posting_date, 'amount': g.amount,
                 'source': g.source, 'business_date': g.business_date,
                 'file_name': g.file_name, 'file_line': g.file_line}
                ORDER BY g.posting_date, g.journal_id, g.line_no) AS items
    FROM rc_gl AS g
    SEMI JOIN wanted AS w ON w.wants_cash_lines AND w.entity_key = g.reference
    WHERE g.is_cash
    GROUP BY g.reference
)
SELECT w.exception_type,
       w.entity_key,
       w.amount,
       json_merge_patch(w.details, to_json({
           'latest_clp': c.latest,
           'clps': CASE WHEN w.wants_clps THEN coalesce(c.items, []) END,
           'postings': CASE WHEN w.wants_postings THEN coalesce(p.items, []) END,
           'transactions': CASE WHEN w.wants_transactions THEN coalesce(t.items, []) END,
           'cash_lines': CASE WHEN w.wants_cash_lines THEN coalesce(g.items, []) END
       })) AS details
FROM wanted AS w
LEFT JOIN clps AS c ON w.wants_clps AND c.entity_key = w.entity_key
LEFT JOIN postings AS p ON w.wants_postings AND p.entity_key = w.entity_key
LEFT JOIN transactions AS t ON w.wants_transactions AND t.entity_key = w.entity_key
LEFT JOIN cash_lines AS g ON w.wants_cash_lines AND g.entity_key = w.entity_key
