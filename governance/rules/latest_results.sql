-- For every period checked under the scope's framework, and every check: its latest result, the
-- one a report shows. Per check, not per run: after `governance check --check ONE_ID` the newer
-- run holds that check's result and an older run the others'. A result that errored gives way to
-- an older one that ran (a failed re-run must not hide findings); with none, the error shows.
CREATE OR REPLACE TEMP VIEW latest_results AS
WITH ranked AS (
    SELECT c.period, c.period_kind, c.period_start, c.started_at AS run_started_at,
           r.run_id, r.check_id, r.title, r.severity, r.policy_section, r.articles, r.status,
           r.finding_count, r.error_message,
           row_number() OVER (
               PARTITION BY c.period, r.check_id
               ORDER BY CASE WHEN r.status = 'errored' THEN 1 ELSE 0 END,
                        c.started_at DESC, c.run_id DESC
           ) AS newest
    FROM check_results r
    JOIN check_runs c USING (run_id)
    WHERE c.framework = (SELECT framework FROM scope)
      AND c.status IN ('completed', 'completed_with_errors')
)
SELECT period, period_kind, period_start, run_started_at, run_id, check_id, title, severity,
       policy_section, articles, status, finding_count, error_message
FROM ranked
WHERE newest = 1
