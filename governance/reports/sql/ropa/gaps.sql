-- The findings of ropa.incomplete in the report's check run (the scope's results): the Art. 30(1) fields
-- that a processing activity lacks, one row per activity with its missing fields.
SELECT coalesce(a.name, json_extract_string(f.details, '$.activity_id')) AS activity,
       string_agg(replace(json_extract_string(f.details, '$.missing_field'), '_', ' '), ', '
                  ORDER BY json_extract_string(f.details, '$.missing_field')) AS missing
FROM findings f
LEFT JOIN processing_activities a ON a.activity_id = json_extract_string(f.details, '$.activity_id')
WHERE (f.run_id, f.check_id) IN (SELECT run_id, check_id FROM scope_results) AND f.check_id = 'ropa.incomplete'
GROUP BY ALL
ORDER BY activity
