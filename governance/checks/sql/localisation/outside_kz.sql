-- id: localisation.outside_kz
-- title: Data of Kazakhstan residents held only abroad
-- severity: high
-- section: 6
-- keys: record_id
-- description: Records of subjects in Kazakhstan held in a system hosted abroad while no system in
--   Kazakhstan holds the same category for them (Law 94-V Art. 12(2): storage in databases located
--   in the Republic of Kazakhstan).
-- remediation: Store the primary copy in a system hosted in Kazakhstan before (or instead of)
--   the foreign system.
WITH ctx AS (SELECT period_start, period_end FROM scope),
held AS (
    SELECT i.record_id, i.system_id, i.subject_id, i.data_category, s.hosting_country
    FROM data_inventory i
    JOIN systems s USING (system_id)
    JOIN subjects p USING (subject_id)
    JOIN ctx ON i.collected_at < ctx.period_end
            AND (i.deleted_at IS NULL OR i.deleted_at >= ctx.period_start)
    WHERE p.country = 'KZ' AND s.hosting_country IS NOT NULL AND s.hosting_country <> 'KZ'
),
in_kz AS (
    SELECT DISTINCT i.subject_id, i.data_category
    FROM data_inventory i JOIN systems s USING (system_id)
    WHERE s.hosting_country = 'KZ'
)
SELECT h.record_id, h.system_id, h.subject_id, h.data_category, h.hosting_country
FROM held h
LEFT JOIN in_kz k ON k.subject_id = h.subject_id AND k.data_category = h.data_category
WHERE k.subject_id IS NULL
