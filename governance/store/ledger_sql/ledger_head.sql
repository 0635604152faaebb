-- The ledger's head and its last seal, checked before appending: a new batch must extend the
-- ledger that was sealed, with the key it was sealed with. The sealed block's MAC is recomputed
-- from its rows, so a head edited since the last append is refused too.
WITH head AS (
    SELECT max(seq) AS last_seq, count(*) AS events FROM consent_events
),
last_seal AS (
    SELECT seq, content_hash, seal_hash FROM ledger_seals ORDER BY seq DESC LIMIT 1
),
sealed_block AS (
    SELECT blocks.first_seq, blocks.last_seq, blocks.mac
    FROM ledger_blocks AS blocks
    JOIN last_seal ON blocks.last_seq = last_seal.seq AND blocks.mac = last_seal.content_hash
    LIMIT 1
),
recomputed AS (
    SELECT ledger_block_mac(
        min(e.seq),
        max(e.seq),
        ledger_block_digest(
            e.seq, e.event_id, e.subject_key, e.purpose_id, e.action,
            e.occurred_at, e.policy_version, e.channel, e.evidence_ref
        )
    ) AS mac
    FROM consent_events AS e
    JOIN sealed_block AS b ON e.seq BETWEEN b.first_seq AND b.last_seq
)
SELECT
    head.last_seq,
    head.events,
    last_seal.seq AS sealed_seq,
    last_seal.seal_hash = ledger_seal_hash(last_seal.seq, last_seal.content_hash) AS seal_verifies,
    coalesce((SELECT mac FROM recomputed) = (SELECT mac FROM sealed_block), false)
        AS seal_matches_rows
FROM head
LEFT JOIN last_seal ON true;
