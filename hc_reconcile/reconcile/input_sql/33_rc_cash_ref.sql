-- Per GL reference, over cash lines with posting_date <= D: all sources, and PAYER_EFT only.
SELECT reference,
       CAST(sum(amount) AS DECIMAL(18,2)) AS cash_total,
       count(*) AS cash_lines,
       CAST(coalesce(sum(amount) FILTER (WHERE source = 'PAYER_EFT'), 0) AS DECIMAL(18,2))
           AS eft_total,
       count(*) FILTER (WHERE source = 'PAYER_EFT') AS eft_lines,
       min(posting_date) FILTER (WHERE source = 'PAYER_EFT') AS eft_first_date
FROM rc_gl
WHERE is_cash AND reference IS NOT NULL
GROUP BY reference
