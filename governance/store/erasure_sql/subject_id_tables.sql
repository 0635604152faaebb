-- The tables that keep records keyed by subject_id besides the identity tables (subjects,
-- subject_keys): business records whose deletion is the DSR process's job, not the erasure's.
SELECT c.table_name
FROM information_schema.columns AS c
JOIN information_schema.tables AS t
    ON t.table_catalog = c.table_catalog
    AND t.table_schema = c.table_schema
    AND t.table_name = c.table_name
WHERE c.table_catalog = current_database()
    AND c.table_schema = 'main'
    AND t.table_type = 'BASE TABLE'
    AND c.column_name = 'subject_id'
    AND c.table_name NOT IN ('subjects', 'subject_keys')
ORDER BY c.table_name;
