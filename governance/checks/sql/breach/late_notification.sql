-- id: breach.late_notification
-- title: Breaches notified to the authority late
-- severity: critical
-- section: 5
-- keys: incident_id
-- description: Incidents whose notification deadline fell in the period and whose authority notice
--   is missing or came after it (KZ: one working day from discovery, Art. 25(2)(8); GDPR: 72 hours,
--   Art. 33).
-- remediation: Notify the authorised body now with the responsible person's contact, and rehearse
--   the incident response plan's notification step.
WITH ctx AS (SELECT period_start, period_end, timezone FROM scope),
limits AS (
    SELECT max(value) FILTER (WHERE name = 'breach_notification_working_days') AS working_days,
           max(value) FILTER (WHERE name = 'breach_notification_hours') AS hours
    FROM framework_thresholds
),
deadlines AS (
    SELECT i.incident_id, i.detected_at, i.notified_authority_at, i.severity,
           limits.working_days IS NOT NULL AS in_working_days,
           CASE WHEN limits.working_days IS NOT NULL
                THEN timezone(ctx.timezone, CAST(wd.day + 1 AS TIMESTAMP))
                ELSE i.detected_at + INTERVAL 1 HOUR * CAST(limits.hours AS INTEGER)
           END AS deadline
    FROM incidents i
    CROSS JOIN ctx
    CROSS JOIN limits
    LEFT JOIN working_days w0 ON w0.day = CAST(timezone(ctx.timezone, i.detected_at) AS DATE)
    LEFT JOIN working_days wd
      ON wd.is_working AND wd.wd_no = w0.wd_no + CAST(limits.working_days AS INTEGER)
)
SELECT incident_id, detected_at, deadline, notified_authority_at, severity
FROM deadlines, ctx
WHERE deadline >= ctx.period_start AND deadline < ctx.period_end
  AND (notified_authority_at IS NULL
       OR notified_authority_at > deadline
       -- a working-day deadline is the local midnight ending the deadline day, which is already
       -- the next day: a notice at that instant is late (72 hours, by contrast, include the 72nd)
       OR (in_working_days AND notified_authority_at = deadline))
