-- Where the passes of verify_blocks.sql start: the first seq of every $blocks_per_pass-th block,
-- and one past the end of the ledger (the last pass's end).
SELECT first_seq
FROM (
    SELECT first_seq, row_number() OVER (ORDER BY first_seq) AS block_number
    FROM (SELECT DISTINCT first_seq FROM ledger_blocks)
)
WHERE (block_number - 1) % $blocks_per_pass = 0
UNION ALL
SELECT greatest(
    (SELECT coalesce(max(last_seq), 0) FROM ledger_blocks),
    (SELECT coalesce(max(seq), 0) FROM consent_events)
) + 1
ORDER BY first_seq;
