-- The period of the latest completed check run under one framework: what `governance findings`
-- shows when no period is named (no row: nothing was ever checked under it).
SELECT period
FROM check_runs
WHERE framework = $framework AND status IN ('completed', 'completed_with_errors')
ORDER BY started_at DESC, run_id DESC
LIMIT 1
