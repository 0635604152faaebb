-- The subject's consent events from the ledger, found through their pseudonym, with the
-- ledger's evidence for each row: seq (the position) and fingerprint (DuckDB's hash of the row's
-- values, recomputable by anyone). fingerprint_verifies recomputes it here (NULL for a row of a
-- ledger not yet moved to layout 2); the keyed block MACs and seals are verified over the whole
-- ledger (governance/store/ledger.py).
SELECT
    e.*,
    CASE WHEN e.fingerprint IS NOT NULL THEN ledger_fingerprint(
        e.seq, e.event_id, e.subject_key, e.purpose_id, e.action, e.occurred_at,
        e.policy_version, e.channel, e.evidence_ref
    ) = e.fingerprint END AS fingerprint_verifies
FROM consent_events AS e
WHERE e.subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
ORDER BY e.seq
