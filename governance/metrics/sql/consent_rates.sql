-- Consent per consent-based purpose: valid at period end, and the period's grants and withdrawals.
-- A subject counts for a purpose once it has made any choice for it; its consent is valid when
-- its state at period end, the latest of consent_changes (the scope's rule view of the consent
-- state: a withdrawal wins a tie; the ledger's consent_state macro applies the same rule), is.
-- arg_max rather than `next_at IS NULL`: the view's window functions are then never computed.
-- consent_changes starts at the month end at or before the period start (the state the load
-- keeps there, then the ledger rows since), so this reads a month of events, not the history.
WITH latest AS (
    SELECT purpose_id, arg_max(valid, occurred_at) AS valid
    FROM consent_changes
    GROUP BY subject_key, purpose_id
),
state AS (
    SELECT purpose_id, count(*) AS subjects, count(*) FILTER (WHERE valid) AS valid
    FROM latest
    GROUP BY purpose_id
),
moves AS (
    SELECT purpose_id,
           count(*) FILTER (WHERE action = 'grant') AS grants,
           count(*) FILTER (WHERE action = 'withdraw') AS withdrawals
    FROM consent_events
    WHERE occurred_at >= (SELECT period_start FROM scope) AND occurred_at < (SELECT period_end FROM scope)
    GROUP BY purpose_id
)
SELECT p.purpose_id,
       p.name AS purpose,
       coalesce(s.subjects, 0) AS subjects,
       coalesce(s.valid, 0) AS valid_consents,
       s.valid / nullif(s.subjects, 0) AS valid_rate,
       coalesce(m.grants, 0) AS grants,
       coalesce(m.withdrawals, 0) AS withdrawals
FROM purposes p
JOIN legal_bases b USING (legal_basis_id)
LEFT JOIN state s USING (purpose_id)
LEFT JOIN moves m USING (purpose_id)
WHERE b.consent_based
ORDER BY p.purpose_id
