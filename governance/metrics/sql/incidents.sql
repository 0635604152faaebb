-- Incidents detected in the period, and how many were notified to the authority late: flagged
-- by breach.late_notification in the latest result of any period of the framework (a deadline
-- can fall in the next period, which judges it). NULL when the scope's period has no result of
-- the check, or it errored.
WITH this AS (
    SELECT check_id FROM scope_results
    WHERE check_id = 'breach.late_notification' AND status <> 'errored'
),
late AS (
    SELECT DISTINCT f.finding_key AS incident_id
    FROM findings f
    JOIN latest_results l ON l.run_id = f.run_id AND l.check_id = f.check_id
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
