-- How long each kind of the subject's records is kept: the retention rule of every (data
-- category, system) pair held, or none (rule_id NULL).
WITH held AS (
    SELECT DISTINCT data_category, system_id FROM data_inventory WHERE subject_id = $subject_id
)
SELECT
    held.data_category,
    held.system_id,
    r.rule_id,
    r.period_days,
    r.start_event,
    r.action,
    r.grace_days,
    r.legal_reference
FROM held
LEFT JOIN retention_rules AS r
    ON r.category_id = held.data_category AND r.system_id = held.system_id
ORDER BY held.data_category, held.system_id
