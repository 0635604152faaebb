-- CSV records the reader set aside (wrong number of fields, bad quoting, bad bytes), one row per
-- line with the reason of its first error (a record short of two fields has an error per missing
-- field). Parquet has no such records.
CREATE OR REPLACE TEMP TABLE ingest_unreadable AS
{% if format == 'csv' %}
SELECT
    line,
    arg_min(CASE
        WHEN error_type IN ('TOO MANY COLUMNS', 'MISSING COLUMNS') THEN format(
            'has {} fields, the header has {}',
            regexp_extract(error_message, 'Found: (\d+)', 1),
            regexp_extract(error_message, 'Expected Number of Columns: (\d+)', 1))
        WHEN error_type = 'UNQUOTED VALUE' THEN 'a quoted value has text after its closing quote'
        WHEN error_type = 'INVALID ENCODING' THEN 'not UTF-8 text'
        ELSE 'cannot be read as CSV: ' || error_message
    END, coalesce(column_idx, 0)) AS reason,
    to_json(any_value(csv_line)) AS raw_row,
    bool_or(error_type = 'INVALID ENCODING') AS bad_encoding
FROM ingest_rejects
GROUP BY line
{% else %}
SELECT CAST(NULL AS BIGINT) AS line, CAST(NULL AS VARCHAR) AS reason,
       CAST(NULL AS JSON) AS raw_row, false AS bad_encoding
WHERE false
{% endif %}
;

-- How many records were set aside, and the first line whose bytes are not UTF-8 (that refuses
-- the whole file: no record of a file in another encoding can be trusted).
SELECT count(*), min(line) FILTER (WHERE bad_encoding) FROM ingest_unreadable
