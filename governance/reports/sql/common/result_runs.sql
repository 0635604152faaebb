-- The check runs a report's figures come from: the run of each check's latest result for the
-- period (scope_results), with when it ran and which checks it gave. Usually one run; two or more
-- after `governance check --check ID` re-ran a check on its own.
SELECT run_id,
       min(run_started_at) AS started_at,
       count(*) AS checks,
       string_agg(check_id, ', ' ORDER BY check_id) AS check_ids
FROM scope_results
GROUP BY run_id
ORDER BY run_id
