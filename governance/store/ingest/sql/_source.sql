{#-
  The table function that reads a file. CSV: every value as text, a header row, standard quoting,
  no comment lines, UTF-8. Records that do not split into the header's fields are not fatal: DuckDB
  sets them aside in ingest_rejects (with their line), and the loader quarantines them.
  Parquet: the file's own types, cast to text later so that both formats pass the same checks.
-#}
{% macro source(format) -%}
{% if format == 'csv' -%}
read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"',
         comment = '', encoding = 'utf-8', ignore_errors = true, store_rejects = true,
         rejects_table = 'ingest_rejects', rejects_scan = 'ingest_reject_scans')
{%- else -%}
read_parquet($path, file_row_number = true)
{%- endif %}
{%- endmacro %}
