-- id: minimisation.unmapped_category
-- title: Data held that no purpose needs
-- severity: medium
-- section: 2
-- keys: data_category, system_id
-- description: Data categories held in a system during the period that no registered purpose
--   declares (or that the register does not know at all): data not necessary for any service.
-- remediation: Delete the records, or register the purpose that needs them and disclose it in
--   the policy.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT i.data_category, i.system_id, count(*) AS records
FROM data_inventory i
JOIN ctx ON i.collected_at < ctx.period_end
        AND (i.deleted_at IS NULL OR i.deleted_at >= ctx.period_start)
WHERE i.data_category NOT IN (SELECT category_id FROM purpose_categories)
GROUP BY i.data_category, i.system_id
