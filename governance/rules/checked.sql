-- The checks that have a result for one period under one framework (any finished run): what
-- `governance report` need not run again before it reports the period.
SELECT DISTINCT r.check_id
FROM check_results r
JOIN check_runs c USING (run_id)
WHERE c.framework = $framework AND c.period = $period
  AND c.status IN ('completed', 'completed_with_errors')
