-- Append the staged batch ($staged) to the ledger, set-based:
-- seq continues after the stored maximum in file order; every row gets its content hash, and
-- its link hash binds that to its predecessor's content hash (lag over seq; the batch's first row
-- links to the stored last row, the ledger's first row to the genesis value). No ORDER BY: the
-- window already emits rows in seq order and DuckDB keeps insertion order; seq is explicit, so
-- nothing depends on the physical order anyway, and the sort would cost a tenth of the append.
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
