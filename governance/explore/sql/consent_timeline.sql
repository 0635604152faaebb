-- Grants, withdrawals and valid consents of one purpose ($purpose_id), per week or month
-- ($step) of the scope's window (the explorer's date range: `Scope.narrow`), for one channel
-- ($channel; NULL = every channel, '(none)' = events recorded without a channel).
--
-- Valid consents are the scope's rule view consent_changes (the one consent rule,
-- governance/rules/consent_history.sql: a withdrawal wins a tie, consent exists only from a
-- grant until a withdrawal). Rather than a state lookup per bucket, each interval a pair's
-- consent is valid adds +1 where it starts and -1 where it ends (next_at), and a running sum
-- over the buckets gives every bucket's count in one pass. A valid consent counts under the
-- channel of the grant that made it valid, so a new grant through another channel moves it.
-- params: $purpose_id, $channel, $step
WITH window_ AS (SELECT period_start AS range_start, period_end AS range_end FROM scope),
events AS (
    SELECT occurred_at, action, coalesce(channel, '(none)') AS channel
    FROM consent_events
    WHERE purpose_id = $purpose_id AND occurred_at < (SELECT range_end FROM window_)
),
valid AS (
    SELECT occurred_at, next_at, channel
    FROM consent_changes
    WHERE purpose_id = $purpose_id AND valid
),
deltas AS (
    SELECT occurred_at, channel, 1 AS delta FROM valid
    UNION ALL
    SELECT next_at, channel, -1 AS delta FROM valid WHERE next_at IS NOT NULL
),
buckets AS (
    SELECT
        range AS bucket_key,
        greatest(range, w.range_start) AS bucket_start,
        least(
            range + CASE $step WHEN 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END,
            w.range_end
        ) AS bucket_end
    FROM window_ w,
         range(
             date_trunc($step, w.range_start),
             w.range_end,
             CASE $step WHEN 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END
         )
),
counted AS (
    SELECT
        date_trunc($step, occurred_at) AS bucket_key,
        count(*) FILTER (WHERE action = 'grant') AS grants,
        count(*) FILTER (WHERE action = 'withdraw') AS withdrawals
    FROM events
    WHERE occurred_at >= (SELECT range_start FROM window_)
      AND ($channel IS NULL OR channel = $channel)
    GROUP BY ALL
),
-- changes before the range are the first bucket's starting point
moved AS (
    SELECT
        greatest(date_trunc($step, occurred_at), date_trunc($step, w.range_start)) AS bucket_key,
        sum(delta) AS delta
    FROM deltas, window_ w
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
