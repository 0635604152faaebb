-- id: access.stale_grant
-- title: Access grants of employees who have left
-- severity: medium
-- section: 4
-- keys: grant_id
-- description: Grants still open during the period, more than the grace period after the
--   employee's last day.
-- remediation: Revoke the grants listed and add the leaver checklist step that revokes access on
--   the last working day.
WITH ctx AS (SELECT period_start, period_end FROM scope),
grace AS (
    SELECT CAST(value AS INTEGER) AS days
    FROM framework_thresholds WHERE name = 'stale_grant_grace_days'
),
stale AS (
    SELECT g.grant_id, g.employee_id, g.system_id, g.revoked_at, e.active_to AS left_at,
           e.active_to + INTERVAL 1 DAY * grace.days AS stale_from
    FROM access_grants g
    JOIN employees e USING (employee_id)
    CROSS JOIN grace
    WHERE e.active_to IS NOT NULL
)
SELECT s.grant_id, s.employee_id, s.system_id, s.left_at
FROM stale s, ctx
WHERE s.stale_from < ctx.period_end
  AND (s.revoked_at IS NULL OR (s.revoked_at >= ctx.period_start AND s.revoked_at > s.stale_from))
