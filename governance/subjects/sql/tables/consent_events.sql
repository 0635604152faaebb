-- The subject's consent events from the ledger, found through their pseudonym, with the
-- ledger's proof: seq (the position), content_hash (SHA-256 of the row's canonical content,
-- recomputable by anyone) and link_hash (keyed link to the previous row). content_hash_verifies
-- recomputes the content hash here; the keyed links are verified over the whole ledger.
SELECT
    e.*,
    ledger_content_hash(
        e.seq, e.event_id, e.subject_key, e.purpose_id, e.action, e.occurred_at,
        e.policy_version, e.channel, e.evidence_ref
    ) = e.content_hash AS content_hash_verifies
FROM consent_events AS e
WHERE e.subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
ORDER BY e.seq
