-- Seal the head the batch left ($rows_appended rows, staged in $staged).
INSERT INTO ledger_seals (
    seq, event_id, content_hash, rows_appended, load_id, sealed_at, seal_hash
)
SELECT
    seq, event_id, content_hash, $rows_appended,
    (SELECT max(load_id) FROM query_table($staged)),
    now(),
    ledger_seal_hash(seq, content_hash)
FROM consent_events
WHERE seq = (SELECT max(seq) FROM consent_events);
