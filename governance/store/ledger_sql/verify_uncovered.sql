-- Pass 1b of the ledger verification, first part: the runs of consecutive seqs no MAC block
-- covers (rows added outside the ledger, or whose block was deleted), into the temp table
-- ledger_bad_blocks, which verify_blocks.sql then fills with the blocks that fail. An ASOF join
-- finds each row's block (the last one starting at or before its seq) without hashing anything.
CREATE OR REPLACE TEMP TABLE ledger_bad_blocks AS
WITH placed AS (
    SELECT events.seq, coalesce(events.seq <= blocks.last_seq, false) AS covered
    FROM consent_events AS events
    ASOF LEFT JOIN ledger_blocks AS blocks ON events.seq >= blocks.first_seq
    WHERE events.seq IS NOT NULL
),
uncovered AS (
    SELECT seq, seq - row_number() OVER (ORDER BY seq) AS run_id
    FROM placed
    WHERE NOT covered
)
SELECT
    min(seq) AS first_seq,
    max(seq) AS last_seq,
    NULL::BIGINT AS rows,
    count(*) AS rows_found,
    'uncovered' AS finding
FROM uncovered
GROUP BY run_id;
