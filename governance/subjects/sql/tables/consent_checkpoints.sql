-- The subject's consent state at each month end, as the load keeps it (derived from their
-- ledger rows: governance/store/checkpoints.py), found through their pseudonym.
SELECT *
FROM consent_checkpoints
WHERE subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
ORDER BY purpose_id, from_month_end
