-- Pass 1 of the ledger verification: one scan and one window over the whole ledger, keeping only
-- the rows with something wrong (usually none) in the temp table ledger_suspects for pass 2.
-- Order is seq, then rowid, so that duplicated seqs still order the same way every time.
CREATE OR REPLACE TEMP TABLE ledger_suspects AS
WITH fingerprinted AS (
    SELECT
        rowid AS row_id,
        seq,
        event_id,
        fingerprint IS DISTINCT FROM ledger_fingerprint(
            seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
            evidence_ref
        ) AS bad_content
    FROM consent_events
),
ordered AS (
    SELECT
        *,
        lag(seq) OVER ledger_order AS prev_seq,
        lag(event_id) OVER ledger_order AS prev_event_id,
        lead(seq) OVER ledger_order AS next_seq
    FROM fingerprinted
    WINDOW ledger_order AS (ORDER BY seq NULLS LAST, row_id)
),
flagged AS (
    SELECT
        row_id, seq, event_id, prev_seq, prev_event_id,
        bad_content,
        seq IS NULL AS no_seq,
        coalesce(seq = prev_seq OR seq = next_seq, false) AS duplicated,
        coalesce(seq > coalesce(prev_seq, 0) + 1, false) AS gap_before
    FROM ordered
)
SELECT *
FROM flagged
WHERE bad_content OR no_seq OR duplicated OR gap_before;
