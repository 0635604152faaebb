-- Seal the head the batch left ($rows_appended rows, staged in $staged): its seq and the MAC of
-- the block ending there, under the key.
INSERT INTO ledger_seals (
    seq, event_id, content_hash, rows_appended, load_id, sealed_at, seal_hash
)
SELECT
    blocks.last_seq, events.event_id, blocks.mac, $rows_appended,
    (SELECT max(load_id) FROM query_table($staged)),
    now(),
    ledger_seal_hash(blocks.last_seq, blocks.mac)
FROM ledger_blocks AS blocks
JOIN consent_events AS events ON events.seq = blocks.last_seq
WHERE blocks.last_seq = (SELECT max(seq) FROM consent_events);
