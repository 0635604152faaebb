-- Findings per check of the scope's run, with the check's policy section and severity; NULL for a
-- check that errored (its 0 would read as "nothing wrong").
SELECT check_id, policy_section, severity, status,
       CASE WHEN status <> 'errored' THEN finding_count END AS findings
FROM check_results
WHERE run_id = (SELECT run_id FROM scope)
ORDER BY policy_section, check_id
