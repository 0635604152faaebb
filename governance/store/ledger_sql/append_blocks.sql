-- The MAC blocks of the rows just appended (seq after $last_seq) that lie in one pass
-- ($from_seq < seq <= $to_seq, a whole number of blocks: the caller walks the batch in passes so
-- that the ordered aggregate holds one pass's rows, not the batch's): consecutive runs of
-- $block_rows seqs counted from the batch's first row, the last one shorter. Each block's MAC
-- covers the canonical content of its rows in seq order, so editing, inserting, deleting or
-- moving any row, or recomputing its fingerprint, fails its block's MAC, which only the key's
-- holder can recompute.
INSERT INTO ledger_blocks (first_seq, last_seq, rows, mac)
SELECT
    min(seq) AS first_seq,
    max(seq) AS last_seq,
    count(*) AS rows,
    ledger_block_mac(
        min(seq),
        max(seq),
        ledger_block_digest(
            seq, event_id, subject_key, purpose_id, action,
            occurred_at, policy_version, channel, evidence_ref
        )
    ) AS mac
FROM consent_events
WHERE seq > $from_seq AND seq <= $to_seq
GROUP BY (seq - $last_seq - 1) // $block_rows;
