-- The stored results of one scope (period, framework, language): per query text and
-- parameters, the table holding its rows.
SELECT sql_sha256, params, table_name
FROM stored_figures.catalogue
WHERE period = $period AND framework = $framework AND lang = $lang
