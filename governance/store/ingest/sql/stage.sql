-- The file as read, one row per record: every contract column as trimmed text (NULL when empty
-- or when an optional column is absent) and the columns beyond the contract as JSON (`extra`),
-- so nothing a file said is lost. The whole row as JSON is built only for quarantined records
-- (quarantine.sql): building it for every record would triple the cost of reading.
-- `line`: for CSV the record's number + 1 (the header is line 1), which renumber.sql turns into
-- the file line where the record starts when blank lines, newlines inside quoted values or
-- records set aside make the two differ; for Parquet the row number (the first row is 1).
-- A row-number column is not asked of the reader: numbering with row_number() OVER () would make
-- the parallel reader feed a single-threaded window (twice the time of the read at ten million
-- rows), and read_parquet's file_row_number would take a name a user's column may have. The
-- records are stored instead in `ingest_read`, whose rowids follow the file because DuckDB keeps
-- insertion order, and the view `ingest_raw` adds the line from them. Inside a transaction the
-- rowids of new rows start at a large base, hence the subtraction of the first one.
{% from '_source.sql' import source %}
CREATE OR REPLACE TEMP TABLE ingest_read AS
SELECT
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
FROM {{ source(format, header) }} AS src;

CREATE OR REPLACE TEMP VIEW ingest_raw AS
SELECT rowid - (SELECT min(rowid) FROM ingest_read) + {{ 2 if format == 'csv' else 1 }} AS line, *
FROM ingest_read
