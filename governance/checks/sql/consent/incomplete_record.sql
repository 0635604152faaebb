-- id: consent.incomplete_record
-- title: Consent that cannot be demonstrated
-- severity: medium
-- section: 1
-- keys: event_id
-- description: Consent grants lacking what demonstrates them (channel, policy version, evidence),
--   or "given" by mere continued use of the site, which is no consent (policy 1.2 and 9.6).
-- remediation: Record channel, policy version and evidence for every grant; ask the subjects
--   listed for an explicit consent, and stop treating continued use as consent.
WITH ctx AS (SELECT period_start, period_end FROM scope),
grants AS (
    SELECT e.event_id, e.subject_key, e.purpose_id, e.occurred_at,
           coalesce(trim(e.channel), '') = '' AS no_channel,
           coalesce(trim(e.policy_version), '') = '' AS no_policy_version,
           coalesce(trim(e.evidence_ref), '') = '' AS no_evidence,
           lower(trim(e.channel)) = 'continued_use' AS implied
    FROM consent_events e
    JOIN ctx ON e.occurred_at >= ctx.period_start AND e.occurred_at < ctx.period_end
    WHERE e.action = 'grant'
)
SELECT event_id, subject_key, purpose_id, occurred_at,
       concat_ws('; ',
           CASE WHEN no_channel THEN 'no channel' END,
           CASE WHEN no_policy_version THEN 'no policy version' END,
           CASE WHEN no_evidence THEN 'no evidence reference' END,
           CASE WHEN implied THEN 'implied by continued use' END) AS problem
FROM grants
WHERE no_channel OR no_policy_version OR no_evidence OR coalesce(implied, false)
