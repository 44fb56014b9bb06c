-- Correlation helpers for the details JSON of an exception: the rows behind an entity,
-- each with the ids a person needs to find it (file name, segment position / file line,
-- business date, payer, TRN02, posting ids). Called only for the entities a rule found.
CREATE OR REPLACE TEMP MACRO rc_clps_of(cid) AS (
    SELECT list({'received_date': received_date, 'file_name': file_name,
                 'segment_position': segment_position, 'isa13': isa13, 'st02': st02,
                 'trn02': trn02, 'payer_id': payer_id, 'clp02': status_code,
                 'clp03': charge_amount, 'clp04': paid_amount}
                ORDER BY received_date, file_seq, segment_position)
    FROM rc_clp
    WHERE claim_id = cid
);
CREATE OR REPLACE TEMP MACRO rc_postings_of(cid) AS (
    SELECT list({'posting_id': posting_id, 'posting_type': posting_type, 'amount': amount,
                 'post_date': post_date, 'trace_number': trace_number,
                 'group_reason': group_reason, 'business_date': business_date,
                 'file_name': file_name, 'file_line': file_line}
                ORDER BY post_date, posting_id)
    FROM rc_postings
    WHERE claim_id = cid
);
CREATE OR REPLACE TEMP MACRO rc_txns_of(trn) AS (
    SELECT list({'received_date': received_date, 'file_name': file_name,
                 'segment_position': st_position, 'isa13': isa13, 'st02': st02,
                 'payer_id': payer_id, 'bpr02': bpr02, 'bpr16': bpr16}
                ORDER BY received_date, file_seq, st_position)
    FROM rc_txn
    WHERE trn02 = trn
);
CREATE OR REPLACE TEMP MACRO rc_cash_lines_of(ref) AS (
    SELECT list({'journal_id': journal_id, 'line_no': line_no, 'entity_id': entity_id,
                 'account': account, 'posting_date': posting_date, 'amount': amount,
                 'source': source, 'business_date': business_date, 'file_name': file_name,
                 'file_line': file_line}
                ORDER BY posting_date, journal_id, line_no)
    FROM rc_gl
    WHERE is_cash AND reference = ref
);
