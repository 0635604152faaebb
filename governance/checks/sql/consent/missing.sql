-- id: consent.missing
-- title: Processing without consent
-- severity: high
-- section: 3
-- keys: event_id
-- description: Processing for a consent-based purpose where the subject's consent for that
--   purpose never was valid at or before that moment: no consent event, only withdrawals, or
--   grants each withdrawn at the same instant. Processing after a consent that was valid and
--   then withdrawn is consent.after_withdrawal's.
-- remediation: Stop this processing for the subjects listed, or find and record their consent;
--   then check how consent is captured on the channel they came from.
-- consent_processing and consent_states are the scope's shared rule views (governance/rules/):
-- the state at each processing event is the one holding at its instant (at most one row)
SELECT p.event_id, p.subject_id, p.purpose_id, p.system_id, p.occurred_at
FROM consent_processing p
LEFT JOIN consent_states s
  ON s.subject_key = p.subject_key AND s.purpose_id = p.purpose_id
 AND s.occurred_at <= p.occurred_at AND (s.next_at IS NULL OR s.next_at > p.occurred_at)
WHERE NOT coalesce(s.ever_valid, false)
