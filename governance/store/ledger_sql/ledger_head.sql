-- The ledger's head and its last seal, checked before appending: a new batch must extend the
-- chain that was sealed, with the key it was sealed with.
WITH head AS (
    SELECT max(seq) AS last_seq, count(*) AS events FROM consent_events
),
last_seal AS (
    SELECT seq, content_hash, seal_hash FROM ledger_seals ORDER BY seq DESC LIMIT 1
)
SELECT
    head.last_seq,
    head.events,
    last_seal.seq AS sealed_seq,
    last_seal.seal_hash = ledger_seal_hash(last_seal.seq, last_seal.content_hash) AS seal_verifies,
    (
        SELECT bool_and(e.content_hash = last_seal.content_hash)
        FROM consent_events AS e
        WHERE e.seq = last_seal.seq
    ) AS seal_matches_row
FROM head
LEFT JOIN last_seal ON true;
