-- The run a new run supersedes: the latest earlier completed run of the same period and
-- framework (no row: the period was never checked before).
SELECT p.run_id
FROM check_runs c
JOIN check_runs p
  ON p.framework = c.framework AND p.period = c.period AND p.run_id <> c.run_id
 AND p.status IN ('completed', 'completed_with_errors')
 AND (p.started_at, p.run_id) < (c.started_at, c.run_id)
WHERE c.run_id = $run_id
ORDER BY p.started_at DESC, p.run_id DESC
LIMIT 1
