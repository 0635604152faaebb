-- One check run's period and framework (no row: there is no such run).
SELECT run_id, period, framework, status
FROM check_runs
WHERE run_id = $run_id
