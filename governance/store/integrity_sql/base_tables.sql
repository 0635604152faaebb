-- Every table of the database file that `governance verify` reads in full (not temp tables).
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database()
    AND schema_name = 'main'
    AND NOT temporary
ORDER BY table_name;
