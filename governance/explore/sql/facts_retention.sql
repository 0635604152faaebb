-- Register facts behind the (data category, system) pairs named in the findings of
-- ($run_id, $check_id): the retention rule that applies, or none (rule_id NULL).
WITH named AS (
    SELECT DISTINCT
        json_extract_string(details, '$.data_category') AS category_id,
        json_extract_string(details, '$.system_id') AS system_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.category_id AS data_category,
    named.system_id,
    r.rule_id,
    r.period_days,
    r.start_event,
    r.action,
    r.grace_days,
    r.legal_reference
FROM named
LEFT JOIN retention_rules AS r
    ON r.category_id = named.category_id AND r.system_id = named.system_id
WHERE named.category_id IS NOT NULL AND named.system_id IS NOT NULL
ORDER BY named.category_id, named.system_id
