-- The run a report or a figure of one period reads: the latest completed check run of that
-- period under the framework (NULL-free: no row when the period was never checked).
SELECT run_id
FROM check_runs
WHERE framework = $framework AND period = $period
  AND status IN ('completed', 'completed_with_errors')
ORDER BY started_at DESC, run_id DESC
LIMIT 1
