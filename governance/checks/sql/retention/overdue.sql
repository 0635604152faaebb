-- id: retention.overdue
-- title: Records kept past their retention period
-- severity: high
-- section: 6
-- keys: record_id
-- description: Records whose retention period (plus grace) ended before the period closed and
--   that were not deleted or anonymised by then (policy 6.1-6.2).
-- remediation: Delete or anonymise the records listed, then fix the retention job of the system
--   that kept them.
WITH ctx AS (SELECT period_start, period_end FROM scope),
due AS (
    SELECT i.record_id, i.system_id, i.subject_id, i.data_category, i.deleted_at,
           CASE WHEN r.start_event = 'last_used_at' THEN coalesce(i.last_used_at, i.collected_at)
                ELSE i.collected_at END
             + INTERVAL 1 DAY * (r.period_days + r.grace_days) AS due_at
    FROM data_inventory i
    JOIN retention_rules r ON r.category_id = i.data_category AND r.system_id = i.system_id
)
SELECT d.record_id, d.system_id, d.subject_id, d.data_category, d.due_at, d.deleted_at
FROM due d, ctx
WHERE d.due_at < ctx.period_end
  AND (d.deleted_at IS NULL OR (d.deleted_at > d.due_at AND d.deleted_at >= ctx.period_start))
