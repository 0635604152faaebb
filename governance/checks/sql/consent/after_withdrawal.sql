-- id: consent.after_withdrawal
-- title: Processing after consent was withdrawn
-- severity: high
-- section: 7
-- keys: event_id
-- description: Processing for a consent-based purpose while the subject's latest consent event
--   was a withdrawal, later than the framework allows (KZ: 15 working days, Art. 8(7); GDPR: at once).
--   withdrawn_at is the withdrawal that ended the consent; repeating it does not restart the clock.
-- remediation: Make the systems listed honour withdrawals: propagate the withdrawal to them and
--   stop the processing; check the withdrawal pipeline's delay.
-- consent_processing and consent_states are the scope's shared rule views (governance/rules/)
WITH ctx AS (SELECT timezone FROM scope),
grace AS (
    SELECT CAST(value AS INTEGER) AS days
    FROM framework_thresholds WHERE name = 'withdrawal_grace_working_days'
),
-- the state at each processing event: the latest instant at or before it (an ASOF join, written
-- as a range join and arg_max so that Spark runs the same text; a pair has a handful of instants)
latest AS (
    SELECT p.event_id,
           arg_max(i.withdrawn, i.occurred_at) AS withdrawn,
           arg_max(i.withdrawn_since, i.occurred_at) AS withdrawn_at
    FROM consent_processing p
    JOIN consent_states i
      ON p.subject_key = i.subject_key AND p.purpose_id = i.purpose_id
     AND i.occurred_at <= p.occurred_at
    GROUP BY p.event_id
),
state AS (
    SELECT p.*, l.withdrawn_at
    FROM consent_processing p
    JOIN latest l ON l.event_id = p.event_id
    WHERE l.withdrawn
)
SELECT s.event_id, s.subject_id, s.purpose_id, s.system_id, s.occurred_at, s.withdrawn_at
FROM state s
CROSS JOIN ctx
CROSS JOIN grace
LEFT JOIN working_days w0 ON w0.day = CAST(timezone(ctx.timezone, s.withdrawn_at) AS DATE)
LEFT JOIN working_days wd ON wd.is_working AND wd.wd_no = w0.wd_no + grace.days
WHERE CASE
    WHEN grace.days = 0 THEN s.occurred_at > s.withdrawn_at
    ELSE CAST(timezone(ctx.timezone, s.occurred_at) AS DATE) > wd.day
END
