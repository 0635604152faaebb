-- Incidents detected in the period, and how many were notified to the authority late: flagged
-- by breach.late_notification in the latest run of any period of the framework of the scope's run
-- (a deadline can fall in the next period, which judges it). NULL without the run, or if the
-- check errored in it.
WITH this AS (
    SELECT r.framework FROM check_runs r JOIN check_results c USING (run_id)
    WHERE r.run_id = (SELECT run_id FROM scope) AND c.check_id = 'breach.late_notification' AND c.status <> 'errored'
),
runs AS (
    SELECT r.run_id FROM check_runs r JOIN this USING (framework)
    WHERE r.status IN ('completed', 'completed_with_errors')
    QUALIFY row_number() OVER (PARTITION BY r.period ORDER BY r.started_at DESC, r.run_id DESC) = 1
),
late AS (
    SELECT DISTINCT f.finding_key AS incident_id
    FROM findings f JOIN runs USING (run_id)
    WHERE f.check_id = 'breach.late_notification'
),
detected AS (
    SELECT i.incident_id, l.incident_id IS NOT NULL AS late
    FROM incidents i LEFT JOIN late l USING (incident_id)
    WHERE i.detected_at >= (SELECT period_start FROM scope) AND i.detected_at < (SELECT period_end FROM scope)
)
SELECT count(*) AS incidents,
       CASE WHEN (SELECT count(*) FROM this) > 0 THEN count(*) FILTER (WHERE late) END
         AS notified_late,
       CASE WHEN (SELECT count(*) FROM this) > 0
            THEN count(*) FILTER (WHERE NOT late) / nullif(count(*), 0) END
         AS notified_in_time_share
FROM detected
