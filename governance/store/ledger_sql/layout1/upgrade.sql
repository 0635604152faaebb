-- Re-seal a verified layout-1 ledger in layout 2 ($block_rows rows per block), in the caller's
-- transaction: every row gets its fingerprint, each append's rows (the seqs after the previous
-- seal up to its own) are cut into MAC blocks as append_blocks.sql cuts a new append, and each
-- seal is made again over the MAC of the block ending at its seq. The old columns are dropped
-- by the caller afterwards.
UPDATE consent_events
SET fingerprint = ledger_fingerprint(
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref
);

INSERT INTO ledger_blocks (first_seq, last_seq, rows, mac)
WITH appends AS (
    SELECT coalesce(lag(seq) OVER (ORDER BY seq), 0) AS after_seq
    FROM (SELECT DISTINCT seq FROM ledger_seals)
),
placed AS (
    SELECT events.*, appends.after_seq
    FROM consent_events AS events
    ASOF JOIN appends ON events.seq > appends.after_seq
)
SELECT
    min(seq),
    max(seq),
    count(*),
    ledger_block_mac(
        min(seq),
        max(seq),
        ledger_block_digest(
            seq, event_id, subject_key, purpose_id, action,
            occurred_at, policy_version, channel, evidence_ref
        )
    )
FROM placed
GROUP BY after_seq, (seq - after_seq - 1) // $block_rows;

UPDATE ledger_seals
SET content_hash = blocks.mac, seal_hash = ledger_seal_hash(ledger_seals.seq, blocks.mac)
FROM ledger_blocks AS blocks
WHERE blocks.last_seq = ledger_seals.seq;
