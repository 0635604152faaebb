-- The file as read, one row per record: every contract column as trimmed text (NULL when empty
-- or when an optional column is absent) and the columns beyond the contract as JSON (`extra`),
-- so nothing a file said is lost. The whole row as JSON is built only for quarantined records
-- (quarantine.sql): building it for every record would triple the cost of reading.
-- `line`: for CSV the file line of the record (the header is line 1), counting records, so a
-- quoted value spanning lines or a blank line shifts the numbers after it; for Parquet the row
-- number (the first row is 1).
-- CSV has no row-number column, and numbering with row_number() OVER () would make the parallel
-- reader feed a single-threaded window (twice the time of the read at ten million rows). The
-- records are stored instead in `ingest_read`, whose rowids follow the file because DuckDB keeps
-- insertion order, and the view `ingest_raw` adds the line from them. Inside a transaction the
-- rowids of new rows start at a large base, hence the subtraction of the first one.
{% from '_source.sql' import source %}
CREATE OR REPLACE TEMP TABLE ingest_read AS
SELECT
    {% if format != 'csv' %}
    src.file_row_number + 1 AS line,
    {% endif %}
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
FROM {{ source(format) }} AS src;

CREATE OR REPLACE TEMP VIEW ingest_raw AS
{% if format == 'csv' %}
SELECT rowid - (SELECT min(rowid) FROM ingest_read) + 2 AS line, * FROM ingest_read
{% else %}
SELECT * FROM ingest_read
{% endif %}
