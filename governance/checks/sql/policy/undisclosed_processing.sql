-- id: policy.undisclosed_processing
-- title: Processing the published policy does not disclose
-- severity: high
-- section: 8
-- keys: kind, item_id
-- description: Purposes used and data categories held during the period that the policy version
--   in force at the end of the period does not list (policy sections 2, 3 and 8).
-- remediation: Publish a new policy version that discloses them (a material change if subjects
--   must accept it again), or stop the processing.
WITH ctx AS (SELECT period_start, period_end FROM check_context),
in_force AS (
    SELECT v.version
    FROM policy_versions v, ctx
    WHERE v.published_at < CAST(ctx.period_end AS DATE)
    ORDER BY v.published_at DESC
    LIMIT 1
),
purposes_used AS (
    SELECT l.purpose_id AS item_id, count(*) AS events
    FROM processing_log l
    JOIN ctx ON l.occurred_at >= ctx.period_start AND l.occurred_at < ctx.period_end
    GROUP BY l.purpose_id
),
categories_held AS (
    SELECT i.data_category AS item_id, count(*) AS events
    FROM data_inventory i
    JOIN ctx ON i.collected_at < ctx.period_end
            AND (i.deleted_at IS NULL OR i.deleted_at >= ctx.period_start)
    GROUP BY i.data_category
)
SELECT 'purpose' AS kind, u.item_id, u.events
FROM purposes_used u
WHERE u.item_id NOT IN (
    SELECT purpose_id FROM policy_version_purposes WHERE version = (SELECT version FROM in_force)
)
UNION ALL
SELECT 'data_category' AS kind, h.item_id, h.events
FROM categories_held h
WHERE h.item_id NOT IN (
    SELECT category_id FROM policy_version_categories WHERE version = (SELECT version FROM in_force)
)
