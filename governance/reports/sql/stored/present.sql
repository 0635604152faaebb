-- Whether the database holds stored figures at all (governance/reports/stored.py): the schema
-- exists only once 'governance report --engine spark' has stored some.
SELECT count(*) > 0 AS present
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = 'catalogue'
