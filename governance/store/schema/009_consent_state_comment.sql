-- consent_state(as_of) (007) and consent_state_by_subject(as_of) (003) stay the analysts' table
-- macros of the consent state at one instant, and say what rule they apply: THE consent rule of
-- the scope's rule views (governance/rules/consent_history.sql, docs/checks.md "Conventions"):
-- the latest event at or before as_of decides, and at the same instant a withdrawal wins over a
-- grant (then the higher seq picks the row shown); `valid` is true exactly when the scope's
-- consent_changes shows the pair's state at as_of as valid. A macro is DuckDB-only and reads no
-- scope, so the rule has a second text here; tests/ledger/test_consent_state_property.py holds
-- both texts to the same answer on the same events.
COMMENT ON MACRO TABLE consent_state IS
    'Consent state of every (subject_key, purpose_id) at as_of: the latest event at or before it; at the same instant a withdraw wins over a grant, then the higher seq. The same rule as the scope''s rule views consent_history / consent_states / consent_changes (governance/rules/, docs/checks.md); tests/ledger/test_consent_state_property.py compares them.';
COMMENT ON MACRO TABLE consent_state_by_subject IS
    'consent_state(as_of) with the subject_id (NULL once the subject is erased): the same rule as the scope''s consent rule views (governance/rules/consent_history.sql).';
