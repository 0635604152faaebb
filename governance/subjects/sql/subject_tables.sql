-- Every table of the database holding a column that identifies a data subject, directly
-- (subject_id) or through the consent ledger's pseudonym (subject_key). The subject access
-- package must cover each one: a table added by a later migration is refused, not missed.
SELECT
    c.table_name,
    string_agg(c.column_name, ', ' ORDER BY c.column_name) AS subject_columns
FROM information_schema.columns AS c
JOIN information_schema.tables AS t
    ON t.table_catalog = c.table_catalog
    AND t.table_schema = c.table_schema
    AND t.table_name = c.table_name
WHERE c.table_catalog = current_database()
  AND c.table_schema = 'main'
  AND t.table_type = 'BASE TABLE'
  AND c.column_name IN ('subject_id', 'subject_key')
GROUP BY c.table_name
ORDER BY c.table_name
