-- Each instant at which a (subject, purpose) pair the period's events need set its consent, up
-- to the period end, with `withdrawn` (a withdrawal wins over a grant at the same instant): the
-- instants of consent_history's rule, without the state's duration (consent_states has it all).
CREATE OR REPLACE TEMP VIEW consent_instants AS
SELECT subject_key, purpose_id, occurred_at, NOT valid AS withdrawn
FROM consent_history
WHERE reach = 'period'
