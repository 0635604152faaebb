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
-- The deadline in force when the breach was detected applies (KZ: 1 working day since
-- 1 July 2024, none before; GDPR 72 hours); working-day deadlines come from deadline_days.
WITH ctx AS (SELECT period_start, period_end, timezone FROM scope),
limits AS (
    SELECT i.incident_id,
           max(t.value) FILTER (WHERE t.name = 'breach_notification_working_days') AS working_days,
           max(t.value) FILTER (WHERE t.name = 'breach_notification_hours') AS hours
    FROM incidents i
    JOIN framework_thresholds t
      ON t.name IN ('breach_notification_working_days', 'breach_notification_hours')
     AND (t.valid_from IS NULL OR i.detected_at >= t.valid_from)
     AND (t.valid_until IS NULL OR i.detected_at < t.valid_until)
    GROUP BY i.incident_id
),
deadlines AS (
    SELECT i.incident_id, i.detected_at, i.notified_authority_at, i.severity,
           l.working_days IS NOT NULL AS in_working_days,
           CASE WHEN l.working_days IS NOT NULL THEN dd.due_at
                WHEN l.hours IS NOT NULL
                THEN i.detected_at + INTERVAL 1 HOUR * CAST(l.hours AS INTEGER)
           END AS deadline
    FROM incidents i
    CROSS JOIN ctx
    JOIN limits l USING (incident_id)
    LEFT JOIN deadline_days dd
      ON dd.start_day = CAST(timezone(ctx.timezone, i.detected_at) AS DATE)
     AND dd.unit = 'working_days' AND dd.n = CAST(l.working_days AS INTEGER)
)
SELECT incident_id, detected_at, deadline, notified_authority_at, severity
FROM deadlines, ctx
WHERE deadline >= ctx.period_start AND deadline < ctx.period_end
  AND (notified_authority_at IS NULL
       OR notified_authority_at > deadline
       -- a working-day deadline is the local midnight ending the deadline day, which is already
       -- the next day: a notice at that instant is late (72 hours, by contrast, include the 72nd)
       OR (in_working_days AND notified_authority_at = deadline))
