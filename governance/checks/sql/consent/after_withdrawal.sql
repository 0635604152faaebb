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
WITH ctx AS (SELECT period_start, period_end, timezone FROM check_context),
grace AS (
    SELECT CAST(value AS INTEGER) AS days
    FROM framework_thresholds WHERE name = 'withdrawal_grace_working_days'
),
consent_purposes AS (
    SELECT p.purpose_id
    FROM purposes p JOIN legal_bases lb USING (legal_basis_id)
    WHERE lb.consent_based
),
processing AS (
    SELECT l.event_id, l.subject_id, l.purpose_id, l.system_id, l.occurred_at, k.subject_key
    FROM processing_log l
    JOIN ctx ON l.occurred_at >= ctx.period_start AND l.occurred_at < ctx.period_end
    JOIN consent_purposes USING (purpose_id)
    JOIN subject_keys k USING (subject_id)
),
-- only the consent histories that the period's processing needs (a semi-join keeps the
-- windows below to a fraction of a 10 M-event ledger)
pairs AS (SELECT DISTINCT subject_key, purpose_id FROM processing),
-- events at the same instant collapse to one state: a withdrawal wins over a grant
instants AS (
    SELECT e.subject_key, e.purpose_id, e.occurred_at, bool_or(e.action = 'withdraw') AS withdrawn
    FROM consent_events e
    SEMI JOIN pairs p ON p.subject_key = e.subject_key AND p.purpose_id = e.purpose_id
    WHERE e.occurred_at < (SELECT period_end FROM ctx)
    GROUP BY e.subject_key, e.purpose_id, e.occurred_at
),
-- the state became "withdrawn" at the first withdrawal after the latest grant: a repeated
-- withdrawal does not restart the grace period
numbered AS (
    SELECT *, count(*) FILTER (WHERE NOT withdrawn) OVER (
               PARTITION BY subject_key, purpose_id ORDER BY occurred_at
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS grants_so_far
    FROM instants
),
states AS (
    SELECT subject_key, purpose_id, occurred_at, withdrawn,
           min(occurred_at) FILTER (WHERE withdrawn)
             OVER (PARTITION BY subject_key, purpose_id, grants_so_far) AS withdrawn_since
    FROM numbered
),
-- the state at each processing event: the latest instant at or before it (an ASOF join, written
-- as a range join and arg_max so that Spark runs the same text; a pair has a handful of instants)
latest AS (
    SELECT p.event_id,
           arg_max(i.withdrawn, i.occurred_at) AS withdrawn,
           arg_max(i.withdrawn_since, i.occurred_at) AS withdrawn_at
    FROM processing p
    JOIN states i
      ON p.subject_key = i.subject_key AND p.purpose_id = i.purpose_id
     AND i.occurred_at <= p.occurred_at
    GROUP BY p.event_id
),
state AS (
    SELECT p.*, l.withdrawn_at
    FROM processing p
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
