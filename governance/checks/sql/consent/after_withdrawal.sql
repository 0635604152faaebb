-- id: consent.after_withdrawal
-- title: Processing after consent was withdrawn
-- severity: high
-- section: 7
-- keys: event_id
-- description: Processing for a consent-based purpose after the subject withdrew a consent that
--   had been valid, later than the framework allows (KZ: 15 working days, Art. 8(7); GDPR: at
--   once). withdrawn_at is the withdrawal that ended the consent; repeating it does not restart
--   the clock. Processing where consent never was valid is consent.missing's.
-- remediation: Make the systems listed honour withdrawals: propagate the withdrawal to them and
--   stop the processing; check the withdrawal pipeline's delay.
-- consent_processing, consent_states and deadline_days are the scope's shared rule views
-- (governance/rules/): the state at each processing event is the one holding at its instant
WITH ctx AS (SELECT timezone FROM scope),
withdrawn AS (
    SELECT p.event_id, p.subject_id, p.purpose_id, p.system_id, p.occurred_at,
           s.withdrawn_since AS withdrawn_at
    FROM consent_processing p
    JOIN consent_states s
      ON s.subject_key = p.subject_key AND s.purpose_id = p.purpose_id
     AND s.occurred_at <= p.occurred_at AND (s.next_at IS NULL OR s.next_at > p.occurred_at)
    WHERE s.withdrawn_since IS NOT NULL
),
-- the grace in force at the withdrawal (a figure of its own time; none in force: no grace)
graced AS (
    SELECT w.*, coalesce(CAST(g.value AS INTEGER), 0) AS grace_days
    FROM withdrawn w
    LEFT JOIN framework_thresholds g
      ON g.name = 'withdrawal_grace_working_days'
     AND (g.valid_from IS NULL OR g.valid_from <= w.withdrawn_at)
     AND (g.valid_until IS NULL OR w.withdrawn_at < g.valid_until)
)
SELECT w.event_id, w.subject_id, w.purpose_id, w.system_id, w.occurred_at, w.withdrawn_at
FROM graced w
CROSS JOIN ctx
LEFT JOIN deadline_days d
  ON d.unit = 'working_days' AND d.n = w.grace_days
 AND d.start_day = CAST(timezone(ctx.timezone, w.withdrawn_at) AS DATE)
WHERE CASE
    WHEN w.grace_days = 0 THEN w.occurred_at > w.withdrawn_at
    ELSE w.occurred_at >= d.due_at
END
