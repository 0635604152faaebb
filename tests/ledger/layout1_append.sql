-- Layout 1's append, as governance/store/ledger_sql/ shipped it before schema/013: the rows with
-- their content hash and keyed link, then the seal of the head. The tests use it to build a ledger
-- of layout 1 in a database of today's schema (governance/store/ledger_upgrade.py).
INSERT INTO consent_events (
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref, extra, load_id, source_line, content_hash, link_hash
)
WITH stored_head AS (
    SELECT
        coalesce(max(seq), 0) AS last_seq,
        coalesce(arg_max(content_hash, seq), ledger_genesis()) AS last_hash
    FROM consent_events
),
numbered AS (
    SELECT
        staged.*,
        (SELECT last_seq FROM stored_head)
            + row_number() OVER (ORDER BY load_id, source_line, event_id) AS seq,
        subject_key(subject_id) AS subject_key
    FROM query_table($staged) AS staged
),
hashed AS (
    SELECT
        *,
        ledger_content_hash(
            seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
            evidence_ref
        ) AS content_hash
    FROM numbered
)
SELECT
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref, extra, load_id, source_line, content_hash,
    ledger_link_hash(
        content_hash,
        coalesce(lag(content_hash) OVER (ORDER BY seq), (SELECT last_hash FROM stored_head))
    ) AS link_hash
FROM hashed;

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
