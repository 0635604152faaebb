-- The findings of retention.no_rule in the report's check run (the scope's results): data category and
-- system pairs holding records during the period with no retention rule.
SELECT coalesce(c.name, json_extract_string(f.details, '$.data_category')) AS category,
       coalesce(s.name, json_extract_string(f.details, '$.system_id')) AS system,
       CAST(json_extract_string(f.details, '$.records') AS BIGINT) AS records,
       c.category_id IS NULL AS unknown_category
FROM findings f
LEFT JOIN data_categories c ON c.category_id = json_extract_string(f.details, '$.data_category')
LEFT JOIN systems s ON s.system_id = json_extract_string(f.details, '$.system_id')
WHERE (f.run_id, f.check_id) IN (SELECT run_id, check_id FROM scope_results) AND f.check_id = 'retention.no_rule'
ORDER BY records DESC, category, system
