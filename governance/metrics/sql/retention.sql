-- Records held at some moment of the period, and those kept past their retention period
-- (findings of retention.overdue in the scope's results; NULL without the run or if the check errored),
-- with their share.
-- Both count the same population: a record deleted late in the period was held in it.
WITH held AS (
    SELECT count(*) AS records FROM data_inventory
    WHERE collected_at < (SELECT period_end FROM scope) AND (deleted_at IS NULL OR deleted_at >= (SELECT period_start FROM scope))
),
overdue AS (
    SELECT CASE WHEN (SELECT count(*) FROM check_results WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results)
                      AND check_id = 'retention.overdue' AND status <> 'errored') > 0
                THEN count(*) END AS records
    FROM findings WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'retention.overdue'
)
SELECT held.records AS records_held,
       overdue.records AS records_overdue,
       overdue.records / nullif(held.records, 0) AS overdue_share
FROM held, overdue
