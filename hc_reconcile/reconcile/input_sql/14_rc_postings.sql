-- Postings as of D. A posting whose current version has post_date > D does not exist
-- for any rule or KPI (CONTRACT §3), so it is dropped here once. Details fetch the rest of
-- the row (trace number, group reason, file) from raw.postings through the lineage.
SELECT posting_id, claim_id, posting_type, amount, post_date,
       business_date, file_seq, file_line
FROM raw.postings_asof($d)
WHERE post_date <= $d
