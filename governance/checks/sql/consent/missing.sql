-- id: consent.missing
-- title: Processing without consent
-- severity: high
-- section: 3
-- keys: event_id
-- description: Processing for a consent-based purpose where the subject had given no consent
--   for that purpose at or before that moment.
-- remediation: Stop this processing for the subjects listed, or find and record their consent;
--   then check how consent is captured on the channel they came from.
WITH ctx AS (SELECT period_start, period_end FROM check_context),
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
    LEFT JOIN subject_keys k USING (subject_id)
),
first_consent AS (
    SELECT subject_key, purpose_id, min(occurred_at) AS first_at
    FROM consent_events
    GROUP BY subject_key, purpose_id
)
SELECT p.event_id, p.subject_id, p.purpose_id, p.system_id, p.occurred_at
FROM processing p
LEFT JOIN first_consent f ON f.subject_key = p.subject_key AND f.purpose_id = p.purpose_id
WHERE f.first_at IS NULL OR f.first_at > p.occurred_at
