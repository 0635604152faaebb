-- id: security.review_overdue
-- title: Security measures overdue for review or not effective
-- severity: medium
-- section: 5
-- keys: measure_id
-- description: Organisational and technical measures whose review date passed before the period
--   ended, or that are recorded as not effective.
-- remediation: Review each measure with its owner, record the review date and status, and plan
--   the fix of measures that are not effective.
WITH ctx AS (SELECT period_end FROM scope),
-- a review is due on a date (DATE + INTEGER days is a DATE)
measures AS (
    SELECT m.measure_id, m.name, m.owner, m.last_review + m.review_interval_days AS review_due,
           m.status
    FROM security_measures m
)
SELECT m.measure_id, m.name, m.owner, m.review_due, m.status
FROM measures m, ctx
WHERE m.review_due < CAST(ctx.period_end AS DATE)
   OR m.status = 'not_effective'
