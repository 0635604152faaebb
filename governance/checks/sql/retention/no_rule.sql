-- id: retention.no_rule
-- title: Data held with no retention rule
-- severity: medium
-- section: 6
-- keys: data_category, system_id
-- description: Data categories held in a system during the period for which the register sets
--   no retention period, so nothing ever deletes them.
-- remediation: Add a retention rule for each pair listed (period, start event, delete or
--   anonymise) and the job that applies it.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT i.data_category, i.system_id, count(*) AS records
FROM data_inventory i
JOIN ctx ON i.collected_at < ctx.period_end
        AND (i.deleted_at IS NULL OR i.deleted_at >= ctx.period_start)
LEFT JOIN retention_rules r ON r.category_id = i.data_category AND r.system_id = i.system_id
WHERE r.rule_id IS NULL
GROUP BY i.data_category, i.system_id
