-- Postings as of D. A posting whose current version has post_date > D does not exist
-- for any rule or KPI (CONTRACT §3), so it is dropped here once.
SELECT posting_id, claim_id, posting_type, amount, post_date, trace_number, group_reason,
       business_date, file_name, file_line
FROM raw.postings_asof($d)
WHERE post_date <= $d
