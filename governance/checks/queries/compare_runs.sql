-- Findings of run $run_id against $previous_run_id: new, still open, or resolved.
WITH cur AS (SELECT check_id, finding_key, severity FROM findings WHERE run_id = $run_id),
prev AS (SELECT check_id, finding_key, severity FROM findings WHERE run_id = $previous_run_id)
SELECT coalesce(cur.check_id, prev.check_id) AS check_id,
       coalesce(cur.finding_key, prev.finding_key) AS finding_key,
       coalesce(cur.severity, prev.severity) AS severity,
       CASE WHEN prev.finding_key IS NULL THEN 'new'
            WHEN cur.finding_key IS NULL THEN 'resolved'
            ELSE 'still_open' END AS state
FROM cur FULL OUTER JOIN prev USING (check_id, finding_key)
ORDER BY check_id, finding_key
