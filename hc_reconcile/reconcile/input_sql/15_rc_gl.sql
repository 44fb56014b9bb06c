-- GL lines as of D that the rules read: cash and revenue lines with posting_date <= D
-- (row dates decide, CONTRACT §1). Only the cash account is cash, only revenue is revenue.
SELECT journal_id, line_no, entity_id, account, cost_center, posting_date, amount, reference,
       source, account = $cash AS is_cash, account = $revenue AS is_revenue,
       business_date, file_name, file_line
FROM raw.gl_journal_asof($d)
WHERE posting_date <= $d AND account IN ($cash, $revenue)
