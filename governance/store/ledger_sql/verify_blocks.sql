-- Pass 1b of the ledger verification, for the blocks starting in [$from_seq, $to_seq) (the caller
-- walks the ledger in passes of whole blocks, so that the ordered aggregate holds one pass's
-- rows): every MAC block recomputed from the rows that now hold its seqs; those that do not
-- verify (a row changed, added, removed or moved, or the MAC edited) are added to the temp table
-- ledger_bad_blocks (verify_uncovered.sql creates it). Rows find their block with an ASOF join
-- (the last block starting at or before the row's seq).
INSERT INTO ledger_bad_blocks
WITH blocks AS (
    SELECT * FROM ledger_blocks WHERE first_seq >= $from_seq AND first_seq < $to_seq
),
members AS (
    SELECT
        blocks.first_seq,
        blocks.last_seq,
        events.seq,
        events.event_id,
        events.subject_key,
        events.purpose_id,
        events.action,
        events.occurred_at,
        events.policy_version,
        events.channel,
        events.evidence_ref
    FROM consent_events AS events
    ASOF JOIN blocks ON events.seq >= blocks.first_seq
    WHERE events.seq >= $from_seq AND events.seq < $to_seq AND events.seq <= blocks.last_seq
),
recomputed AS (
    SELECT
        first_seq,
        last_seq,
        count(*) AS rows,
        ledger_block_mac(
            first_seq,
            last_seq,
            ledger_block_digest(
                seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version,
                channel, evidence_ref
            )
        ) AS mac
    FROM members
    GROUP BY first_seq, last_seq
)
SELECT blocks.first_seq, blocks.last_seq, blocks.rows, coalesce(recomputed.rows, 0), 'block'
FROM blocks
LEFT JOIN recomputed USING (first_seq, last_seq)
WHERE NOT coalesce(blocks.mac = recomputed.mac AND blocks.rows = recomputed.rows, false);
