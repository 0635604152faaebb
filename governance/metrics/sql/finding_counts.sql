-- Findings per check of the scope's results (the latest result of each check for the period),
-- with the check's policy section, severity and the run it came from; NULL for a check that
-- errored (its 0 would read as "nothing wrong").
SELECT check_id, policy_section, severity, status,
       CASE WHEN status <> 'errored' THEN finding_count END AS findings,
       run_id
FROM scope_results
ORDER BY policy_section, check_id
