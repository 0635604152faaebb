-- Pass 1 of the ledger verification: one scan and one window over the whole ledger, keeping only
-- the rows with something wrong (usually none) in the temp table ledger_suspects for pass 2.
-- Chain order is seq, then rowid, so that duplicated seqs still order the same way every time.
CREATE OR REPLACE TEMP TABLE ledger_suspects AS
WITH hashed AS (
    SELECT
        rowid AS row_id,
        seq,
        event_id,
        content_hash,
        link_hash,
        content_hash IS DISTINCT FROM ledger_content_hash(
            seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
            evidence_ref
        ) AS bad_content
    FROM consent_events
),
chained AS (
    SELECT
        *,
        row_number() OVER chain AS pos,
        lag(seq) OVER chain AS prev_seq,
        lag(seq, 2) OVER chain AS prev_prev_seq,
        lag(event_id) OVER chain AS prev_event_id,
        lag(content_hash) OVER chain AS prev_hash,
        lag(bad_content) OVER chain AS prev_bad_content,
        lead(seq) OVER chain AS next_seq,
        lead(event_id) OVER chain AS next_event_id
    FROM hashed
    WINDOW chain AS (ORDER BY seq NULLS LAST, row_id)
),
flagged AS (
    SELECT
        row_id, pos, seq, event_id, prev_seq, prev_event_id, next_seq, next_event_id,
        bad_content,
        coalesce(prev_bad_content, false) AS prev_bad_content,
        seq IS NULL AS no_seq,
        coalesce(seq = prev_seq OR seq = next_seq, false) AS duplicated,
        coalesce(prev_seq = seq OR prev_seq = prev_prev_seq, false) AS prev_duplicated,
        coalesce(seq > coalesce(prev_seq, 0) + 1, false) AS gap_before,
        link_hash IS DISTINCT FROM ledger_link_hash(
            content_hash, coalesce(prev_hash, ledger_genesis())
        ) AS bad_link
    FROM chained
)
SELECT *
FROM flagged
WHERE bad_content OR no_seq OR duplicated OR gap_before OR bad_link;
