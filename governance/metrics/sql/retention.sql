-- Records held at some moment of the period, and those kept past their retention period
-- (findings of retention.overdue in run $run_id; NULL without the run or if the check errored),
-- with their share.
-- Both count the same population: a record deleted late in the period was held in it.
-- params: $period_start, $period_end, $run_id
WITH held AS (
    SELECT count(*) AS records FROM data_inventory
    WHERE collected_at < $period_end AND (deleted_at IS NULL OR deleted_at >= $period_start)
),
overdue AS (
    SELECT CASE WHEN (SELECT count(*) FROM check_results WHERE run_id = $run_id
                      AND check_id = 'retention.overdue' AND status <> 'errored') > 0
                THEN count(*) END AS records
    FROM findings WHERE run_id = $run_id AND check_id = 'retention.overdue'
)
SELECT held.records AS records_held,
       overdue.records AS records_overdue,
       overdue.records / nullif(held.records, 0) AS overdue_share
FROM held, overdue
