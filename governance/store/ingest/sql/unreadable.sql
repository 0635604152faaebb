-- CSV records the reader set aside (wrong number of fields, text after a closing quote, a record
-- over DuckDB's size limit, bad bytes), one row per record with the reason of its first error (a
-- record short of two fields has an error per missing field). DuckDB numbers them by unit (see
-- census.py: blank lines count, newlines inside quoted values do not); `line` is the file line
-- where the record starts. `text` keeps the record as DuckDB gave it (its first 10,000
-- characters) for the quarantine. Parquet has no such records.
CREATE OR REPLACE TEMP TABLE ingest_unreadable AS
{% if format == 'csv' %}
WITH grouped AS (
    SELECT
        line - 1 AS unit,
        arg_min(CASE
            WHEN error_type IN ('TOO MANY COLUMNS', 'MISSING COLUMNS') THEN format(
                'has {} fields, the header has {}',
                regexp_extract(error_message, 'Found: (\d+)', 1),
                regexp_extract(error_message, 'Expected Number of Columns: (\d+)', 1))
            WHEN error_type = 'UNQUOTED VALUE' THEN 'a quoted value has text after its closing quote'
            WHEN error_type = 'INVALID ENCODING' THEN 'not UTF-8 text'
            WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN format(
                'the record is {} bytes long, more than the {} bytes a record may hold',
                regexp_extract(error_message, 'Actual Size:\s*(\d+)', 1),
                regexp_extract(error_message, 'Maximum line size of (\d+)', 1))
            ELSE 'cannot be read as CSV: ' || error_message
        END, coalesce(column_idx, 0)) AS reason,
        any_value(csv_line) AS text,
        bool_or(error_type = 'INVALID ENCODING') AS bad_encoding
    FROM ingest_rejects
    GROUP BY line
)
SELECT g.unit + 1 + coalesce(s.shift, 0) AS line, g.reason, to_json(g.text) AS raw_row, g.text,
       g.bad_encoding, g.unit
FROM grouped AS g
ASOF LEFT JOIN ingest_line_shifts AS s ON g.unit >= s.from_unit
{% else %}
SELECT CAST(NULL AS BIGINT) AS line, CAST(NULL AS VARCHAR) AS reason,
       CAST(NULL AS JSON) AS raw_row, CAST(NULL AS VARCHAR) AS text, false AS bad_encoding,
       CAST(NULL AS BIGINT) AS unit
WHERE false
{% endif %}
;

-- What the loader checks before going on: how many records were read and set aside, the first
-- line whose bytes are not UTF-8 (that refuses the whole file: no record of a file in another
-- encoding can be trusted), and the first line set aside.
SELECT
    (SELECT count(*) FROM ingest_read) AS parsed,
    count(*) AS set_aside,
    min(line) FILTER (WHERE bad_encoding) AS bad_encoding_line,
    min(line) AS first_set_aside
FROM ingest_unreadable
