-- id: policy.undisclosed_processing
-- title: Processing the published policy does not disclose
-- severity: high
-- section: 8
-- keys: kind, item_id
-- description: Purposes and data categories in use that the policy version in force at the end
--   of the period does not disclose (policy sections 2, 3 and 8). In use: a purpose used in
--   processing_log or a category held in data_inventory during the period, and, while the
--   register's latest version is the one in force, every purpose the register declares and every
--   category a purpose or an activity lists (a purpose added to the register needs a new
--   version). A version discloses what its stored text lists (`governance policy --publish`),
--   else what the register declares for it.
-- remediation: Publish a new policy version that discloses them (a material change if subjects
--   must accept it again), or stop the processing and remove it from the register.
WITH ctx AS (SELECT period_start, period_end FROM scope),
in_force AS (
    SELECT v.version,
           v.published_at = (SELECT max(published_at) FROM policy_versions) AS is_latest
    FROM policy_versions v, ctx
    WHERE v.published_at < CAST(ctx.period_end AS DATE)
    ORDER BY v.published_at DESC
    LIMIT 1
),
-- what readers were told: the stored published text wins over the register's list, so editing
-- the register's version entry afterwards cannot make a published text say more than it did
has_text AS (
    SELECT count(*) > 0 AS stored FROM policy_text_items WHERE version = (SELECT version FROM in_force)
),
disclosed AS (
    SELECT t.kind, t.item_id
    FROM policy_text_items t, has_text h
    WHERE h.stored AND t.version = (SELECT version FROM in_force)
    UNION
    SELECT 'purpose', p.purpose_id
    FROM policy_version_purposes p, has_text h
    WHERE NOT h.stored AND p.version = (SELECT version FROM in_force)
    UNION
    SELECT 'data_category', c.category_id
    FROM policy_version_categories c, has_text h
    WHERE NOT h.stored AND c.version = (SELECT version FROM in_force)
),
used AS (
    SELECT 'purpose' AS kind, l.purpose_id AS item_id, count(*) AS events
    FROM processing_log l
    JOIN ctx ON l.occurred_at >= ctx.period_start AND l.occurred_at < ctx.period_end
    GROUP BY l.purpose_id
    UNION ALL
    SELECT 'data_category' AS kind, i.data_category AS item_id, count(*) AS events
    FROM data_inventory i
    JOIN ctx ON i.collected_at < ctx.period_end
            AND (i.deleted_at IS NULL OR i.deleted_at >= ctx.period_start)
    GROUP BY i.data_category
),
declared AS (
    SELECT 'purpose' AS kind, purpose_id AS item_id FROM purposes
    UNION SELECT 'purpose', purpose_id FROM processing_activities
    UNION SELECT 'data_category', category_id FROM purpose_categories
    UNION SELECT 'data_category', category_id FROM activity_categories
),
-- the register describes processing as it is now, so it is held against the latest version
-- only (or against nothing when no version was ever published); older periods rely on evidence
register_applies AS (
    SELECT coalesce(
        (SELECT is_latest FROM in_force), NOT EXISTS (SELECT 1 FROM policy_versions)
    ) AS applies
),
candidates AS (
    SELECT kind, item_id FROM used
    UNION
    SELECT d.kind, d.item_id FROM declared d, register_applies r WHERE r.applies
)
SELECT c.kind, c.item_id, d.item_id IS NOT NULL AS in_register, coalesce(u.events, 0) AS events
FROM candidates c
LEFT JOIN used u ON u.kind = c.kind AND u.item_id = c.item_id
LEFT JOIN declared d ON d.kind = c.kind AND d.item_id = c.item_id
WHERE NOT EXISTS (
    SELECT 1 FROM disclosed x WHERE x.kind = c.kind AND x.item_id = c.item_id
)
