-- Findings by severity for each checked period of the same kind and framework as the scope's run,
-- from $window_start up to that run's period (the latest completed run of each period).
-- Periods never checked are absent.
-- params: $window_start
WITH this AS (
    SELECT framework, period_kind, period_start FROM check_runs WHERE run_id = (SELECT run_id FROM scope)
),
latest AS (
    SELECT r.run_id, r.period, r.period_start
    FROM check_runs r, this
    WHERE r.framework = this.framework AND r.period_kind = this.period_kind
      AND r.period_start >= $window_start AND r.period_start <= this.period_start
      AND r.status IN ('completed', 'completed_with_errors')
    QUALIFY row_number() OVER (PARTITION BY r.period ORDER BY r.started_at DESC, r.run_id DESC) = 1
)
SELECT l.period, l.period_start, s.severity, s.rank,
       CAST(coalesce(sum(c.finding_count), 0) AS BIGINT) AS findings
FROM latest l
CROSS JOIN (VALUES ('critical', 4), ('high', 3), ('medium', 2), ('low', 1)) AS s(severity, rank)
LEFT JOIN check_results c ON c.run_id = l.run_id AND c.severity = s.severity
GROUP BY ALL
ORDER BY l.period_start, s.rank DESC
