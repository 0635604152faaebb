-- What one run holds per check: status and count, for the summary line and the errored checks.
SELECT run_id, check_id, severity, status, finding_count, error_message
FROM check_results
WHERE run_id = $run_id AND ($check_ids IS NULL OR list_contains($check_ids, check_id))
ORDER BY check_id
