-- What a refresh of the consent checkpoints must redo: `built` (the checkpoints were ever
-- computed), `intact` (the ledger rows they were computed from are all still there: their
-- count up to the covered seq matches), `new_rows` (ledger rows appended since, the rows with
-- a higher seq) and `since` (the UTC month start of the earliest of them: a late event changes
-- the state at every month end after it).
WITH meta AS (
    SELECT max(covered_seq) AS covered_seq, max(covered_events) AS covered_events
    FROM consent_checkpoint_meta
),
appended AS (
    SELECT count(*) AS new_rows, min(e.occurred_at) AS earliest
    FROM consent_events e, meta m
    WHERE e.seq > coalesce(m.covered_seq, 0)
),
kept AS (
    SELECT count(*) AS rows_ FROM consent_events e, meta m WHERE e.seq <= m.covered_seq
)
SELECT m.covered_seq IS NOT NULL AS built,
       m.covered_seq IS NOT NULL AND k.rows_ = m.covered_events AS intact,
       a.new_rows,
       timezone('UTC', date_trunc('month', timezone('UTC', a.earliest))) AS since
FROM meta m, appended a, kept k
