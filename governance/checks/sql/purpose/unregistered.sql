-- id: purpose.unregistered
-- title: Processing for an unregistered purpose
-- severity: high
-- section: 3
-- keys: event_id
-- description: Processing logged under a purpose the register does not hold: the policy promises
--   processing "exclusively" for its listed purposes.
-- remediation: Either register the purpose (with legal basis, categories and a policy version that
--   discloses it) or stop the processing and correct the system that logs it.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT l.event_id, l.subject_id, l.purpose_id, l.system_id, l.occurred_at
FROM processing_log l
JOIN ctx ON l.occurred_at >= ctx.period_start AND l.occurred_at < ctx.period_end
WHERE l.purpose_id NOT IN (SELECT purpose_id FROM purposes)
