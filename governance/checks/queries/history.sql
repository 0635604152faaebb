-- Findings per check across periods of one kind (the latest run of each period).
WITH latest AS (
    SELECT run_id, period, period_start
    FROM check_runs
    WHERE framework = $framework AND period_kind = $period_kind
      AND status IN ('completed', 'completed_with_errors')
    QUALIFY row_number() OVER (PARTITION BY period ORDER BY started_at DESC, run_id DESC) = 1
)
SELECT l.period, l.period_start, r.check_id, r.title, r.severity, r.policy_section,
       r.status, r.finding_count
FROM latest l JOIN check_results r USING (run_id)
ORDER BY l.period_start, r.check_id
