-- id: access.unauthorised
-- title: Access without an active grant
-- severity: high
-- section: 4
-- keys: event_id
-- description: An employee accessed a system holding personal data with no access grant to that
--   system active at that moment (policy 4.2: only authorised employees).
-- remediation: Investigate each access; revoke the technical access path that allowed it, or
--   record the approved grant if one was missing from the register of grants.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT l.event_id, l.employee_id, l.system_id, l.occurred_at
FROM access_log l
JOIN ctx ON l.occurred_at >= ctx.period_start AND l.occurred_at < ctx.period_end
WHERE NOT EXISTS (
    SELECT 1 FROM access_grants g
    WHERE g.employee_id = l.employee_id AND g.system_id = l.system_id
      AND g.granted_at <= l.occurred_at
      AND (g.revoked_at IS NULL OR g.revoked_at > l.occurred_at)
)
