-- The period's processing events under a consent-based purpose, with the subject's ledger
-- pseudonym (NULL when the subject has no key mapping: no consent can be found for them).
-- The one definition of "processing that needs consent", read by consent.missing,
-- consent.after_withdrawal and the consent state below.
CREATE OR REPLACE TEMP VIEW consent_processing AS
WITH consent_purposes AS (
    SELECT p.purpose_id
    FROM purposes p JOIN legal_bases lb USING (legal_basis_id)
    WHERE lb.consent_based
)
SELECT l.event_id, l.subject_id, l.purpose_id, l.system_id, l.occurred_at, k.subject_key
FROM processing_log l
JOIN scope s ON l.occurred_at >= s.period_start AND l.occurred_at < s.period_end
JOIN consent_purposes USING (purpose_id)
LEFT JOIN subject_keys k USING (subject_id)
