-- Grants, withdrawals and valid consents of one purpose ($purpose_id), per week or month
-- ($step) of [$range_start, $range_end), for one channel ($channel; NULL = every channel,
-- '(none)' = events recorded without a channel).
--
-- Valid consents at the end of each bucket follow consent_state(as_of) (schema/003_ledger.sql,
-- docs/checks.md): per subject, the latest event wins; at the same instant a withdrawal wins,
-- then the higher seq. Rather than one consent_state() per bucket, every event that changes a
-- subject's state adds +1 (now valid) or -1 (no longer valid), and a running sum over the
-- buckets gives every bucket's count in one pass. A valid consent counts under the channel of
-- the grant that made it valid, so a new grant through another channel moves it (-1, +1).
WITH events AS (
    SELECT
        subject_key,
        occurred_at,
        action,
        seq,
        coalesce(channel, '(none)') AS channel,
        CASE WHEN action = 'grant' THEN coalesce(channel, '(none)') END AS valid_channel
    FROM consent_events
    WHERE purpose_id = $purpose_id AND occurred_at < $range_end
),
changes AS (
    SELECT
        occurred_at,
        valid_channel,
        lag(valid_channel) OVER (
            PARTITION BY subject_key ORDER BY occurred_at, action = 'withdraw', seq
        ) AS previous_channel
    FROM events
),
deltas AS (
    SELECT occurred_at, valid_channel AS channel, 1 AS delta
    FROM changes
    WHERE valid_channel IS NOT NULL AND valid_channel IS DISTINCT FROM previous_channel
    UNION ALL
    SELECT occurred_at, previous_channel AS channel, -1 AS delta
    FROM changes
    WHERE previous_channel IS NOT NULL AND valid_channel IS DISTINCT FROM previous_channel
),
buckets AS (
    SELECT
        range AS bucket_key,
        greatest(range, $range_start) AS bucket_start,
        least(
            range + CASE $step WHEN 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END,
            $range_end
        ) AS bucket_end
    FROM range(
        date_trunc($step, $range_start),
        $range_end,
        CASE $step WHEN 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END
    )
),
counted AS (
    SELECT
        date_trunc($step, occurred_at) AS bucket_key,
        count(*) FILTER (WHERE action = 'grant') AS grants,
        count(*) FILTER (WHERE action = 'withdraw') AS withdrawals
    FROM events
    WHERE occurred_at >= $range_start AND ($channel IS NULL OR channel = $channel)
    GROUP BY ALL
),
-- changes before the range are the first bucket's starting point
moved AS (
    SELECT
        greatest(date_trunc($step, occurred_at), date_trunc($step, $range_start)) AS bucket_key,
        sum(delta) AS delta
    FROM deltas
    WHERE $channel IS NULL OR channel = $channel
    GROUP BY ALL
)
SELECT
    buckets.bucket_start,
    buckets.bucket_end,
    coalesce(counted.grants, 0) AS grants,
    coalesce(counted.withdrawals, 0) AS withdrawals,
    CAST(sum(coalesce(moved.delta, 0)) OVER (ORDER BY buckets.bucket_key) AS BIGINT)
        AS valid_at_end
FROM buckets
LEFT JOIN counted USING (bucket_key)
LEFT JOIN moved USING (bucket_key)
ORDER BY buckets.bucket_key
