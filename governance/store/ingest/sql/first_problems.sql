-- The first problems of the file, to show a person before they query the quarantine.
SELECT line, column_name, raw_value, reason
FROM (SELECT * FROM ingest_problems UNION ALL SELECT * FROM ingest_conflicts)
ORDER BY line, column_name NULLS FIRST, reason
LIMIT $limit
