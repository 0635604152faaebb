-- id: consent.missing
-- title: Processing without consent
-- severity: high
-- section: 3
-- keys: event_id
-- description: Processing for a consent-based purpose where the subject had given no consent
--   for that purpose at or before that moment.
-- remediation: Stop this processing for the subjects listed, or find and record their consent;
--   then check how consent is captured on the channel they came from.
-- consent_processing and consent_instants are the scope's shared rule views (governance/rules/)
WITH first_consent AS (
    SELECT subject_key, purpose_id, min(occurred_at) AS first_at
    FROM consent_instants
    GROUP BY subject_key, purpose_id
)
SELECT p.event_id, p.subject_id, p.purpose_id, p.system_id, p.occurred_at
FROM consent_processing p
LEFT JOIN first_consent f ON f.subject_key = p.subject_key AND f.purpose_id = p.purpose_id
WHERE f.first_at IS NULL OR f.first_at > p.occurred_at
