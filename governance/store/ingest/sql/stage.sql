-- The file as read, one row per record: every contract column as trimmed text (NULL when empty
-- or when an optional column is absent) and the columns beyond the contract as JSON (`extra`),
-- so nothing a file said is lost. The whole row as JSON is built only for quarantined records
-- (quarantine.sql): building it for every record would triple the cost of reading.
-- `line`: for CSV the file line of the record (the header is line 1), counting records, so a
-- quoted value spanning lines or a blank line shifts the numbers after it; for Parquet the row
-- number (the first row is 1). row_number() follows the file because insertion order is kept.
{% from '_source.sql' import source %}
CREATE OR REPLACE TEMP TABLE ingest_raw AS
SELECT
    {% if format == 'csv' %}row_number() OVER (){% else %}src.file_row_number{% endif %} + 1 AS line,
{% for c in kind.columns %}
{% if c.name in header %}
    nullif(trim(CAST(src.{{ c.name | ident }} AS VARCHAR)), '') AS {{ c.name | ident }},
{% else %}
    CAST(NULL AS VARCHAR) AS {{ c.name | ident }},
{% endif %}
{% endfor %}
{% if extras %}
    json_object({% for h in extras %}{{ h | literal }}, src.{{ h | ident }}{{ ', ' if not loop.last }}{% endfor %}) AS extra
{% else %}
    CAST(NULL AS JSON) AS extra
{% endif %}
FROM {{ source(format) }} AS src
