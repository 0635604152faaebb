-- Processing events of the period, those with no registered purpose or no consent at all for a
-- consent-based purpose (findings of purpose.unregistered and consent.missing in the scope's results;
-- NULL without the run or if either check errored), and their rate per 10,000 processing events.
WITH events AS (
    SELECT count(*) AS n FROM processing_log
    WHERE occurred_at >= (SELECT period_start FROM scope) AND occurred_at < (SELECT period_end FROM scope)
),
unlawful AS (
    SELECT CASE WHEN (SELECT count(*) FROM check_results WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results)
                      AND check_id IN ('purpose.unregistered', 'consent.missing')
                      AND status <> 'errored') = 2
                THEN count(*) END AS n
    FROM findings
    WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id IN ('purpose.unregistered', 'consent.missing')
)
SELECT events.n AS processing_events,
       unlawful.n AS unlawful_events,
       10000.0 * unlawful.n / nullif(events.n, 0) AS per_10k
FROM events, unlawful
