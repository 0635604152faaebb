-- id: access.no_confidentiality
-- title: Access by staff without a confidentiality undertaking
-- severity: medium
-- section: 4
-- keys: event_id
-- description: An employee accessed personal data before signing a confidentiality
--   (non-disclosure) undertaking (policy 4.2, title "Data Non-Disclosure").
-- remediation: Have the employees listed sign the undertaking; make signing a precondition of
--   any access grant.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT l.event_id, l.employee_id, l.system_id, l.occurred_at
FROM access_log l
JOIN ctx ON l.occurred_at >= ctx.period_start AND l.occurred_at < ctx.period_end
-- an employee missing from the employees file has no undertaking on record either
LEFT JOIN employees e USING (employee_id)
WHERE e.confidentiality_signed_at IS NULL OR e.confidentiality_signed_at > l.occurred_at
