-- The stored figures of a period and framework, in every language (their tables are dropped by
-- the caller, which reads their names here first): a report computed by DuckDB replaces them.
DELETE FROM stored_figures.catalogue
WHERE period = $period AND framework = $framework
RETURNING table_name
