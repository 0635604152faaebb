-- Quarantined rows of every load so far, by file kind, column and kind of problem. The loader's
-- reasons quote the bad value or the row's key, so they are grouped into problem kinds here and
-- never shown as written: a report must not carry the values.
-- params: $none
WITH classified AS (
    SELECT kind, load_id, line, coalesce(column_name, '(whole line)') AS column_name,
           CASE
             WHEN reason = 'empty, but required' THEN 'required value missing'
             WHEN reason LIKE 'not a %' THEN 'value of the wrong type'
             WHEN reason LIKE 'less than %' THEN 'value below the minimum'
             WHEN reason LIKE '% is not one of %' THEN 'value not among the allowed ones'
             WHEN reason LIKE 'in the future %' THEN 'date in the future'
             WHEN reason LIKE 'unknown %' THEN 'refers to something not loaded'
             WHEN reason LIKE '% appears % at line % with different values'
               THEN 'same key twice in the file with different values'
             WHEN reason LIKE 'already loaded with different values%'
               THEN 'key already loaded with different values'
             WHEN reason LIKE 'has % fields, the header has %' THEN 'wrong number of fields'
             WHEN reason = 'not UTF-8 text' THEN 'not UTF-8 text'
             WHEN reason LIKE 'a quoted value %' OR reason LIKE 'cannot be read as CSV%'
               THEN 'line cannot be read as CSV'
             ELSE 'other problem'
           END AS problem
    FROM quarantine
)
SELECT kind, column_name, problem, count(DISTINCT (load_id, line)) AS rows
FROM classified
GROUP BY ALL
ORDER BY kind, rows DESC, column_name, problem
