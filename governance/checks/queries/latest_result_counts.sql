-- What the findings of the scope's period come from: each check's latest result (its run, status
-- and count), for the summary line and the checks that errored.
SELECT run_id, check_id, severity, status, finding_count, error_message
FROM scope_results
WHERE $check_ids IS NULL OR list_contains($check_ids, check_id)
ORDER BY check_id
