-- The latest completed run of each period for one framework: the run a report shows.
SELECT run_id, period, period_kind, period_start, period_end, started_at, status
FROM check_runs
WHERE framework = $framework AND status IN ('completed', 'completed_with_errors')
QUALIFY row_number() OVER (PARTITION BY period ORDER BY started_at DESC, run_id DESC) = 1
ORDER BY period_start, period_kind
