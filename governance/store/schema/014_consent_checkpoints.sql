-- The consent state at each month end, kept by the load (governance/store/checkpoints.py), so
-- that a month's checks and reports read the state at the month's start plus the month's
-- events instead of windowing over the whole ledger (docs/checks.md, "Consent state").
--
-- One row per state of a (subject_key, purpose_id) pair that holds at one or more month ends
-- (UTC month starts): the state at month end M is the row with
-- from_month_end <= M AND (until_month_end IS NULL OR until_month_end > M). A state holding
-- for many months is stored once, so the table has at most one row per ledger instant.
-- The state columns are those of the rule view consent_history (governance/rules/) for the
-- pair's last instant before M: `occurred_at` (that instant), `valid` (a grant with no
-- withdrawal beside it), `channel` (of the grant that made it valid), `ever_valid`,
-- `withdrawn_since`.
CREATE TABLE consent_checkpoints (
    from_month_end TIMESTAMPTZ NOT NULL,
    until_month_end TIMESTAMPTZ,
    subject_key VARCHAR NOT NULL,
    purpose_id VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    valid BOOLEAN NOT NULL,
    channel VARCHAR,
    ever_valid BOOLEAN NOT NULL,
    withdrawn_since TIMESTAMPTZ
);

-- What the checkpoints were computed from: the ledger's highest seq and its row count at the
-- refresh. The rule views use the checkpoints only while both still match the ledger, so rows
-- appended without a refresh (or cut off the end) make them fall back to the whole ledger
-- instead of reading a stale state. Empty until the first refresh: a database created before
-- this migration reads the whole ledger until its next load, or `governance.store.checkpoints
-- .refresh(con)`, builds them.
CREATE TABLE consent_checkpoint_meta (
    covered_seq BIGINT NOT NULL,
    covered_events BIGINT NOT NULL,
    refreshed_at TIMESTAMPTZ NOT NULL
);
