{#-
  The table function that reads a file. CSV: the columns the loader read from the header itself
  (header.py), every value as text, standard quoting, no comment lines, UTF-8, and no sniffing:
  the dialect is fixed, and DuckDB's sniffer fails on a small file with bad quoting without
  naming a line. Records that do not split into the header's fields are not fatal: DuckDB sets
  them aside in ingest_rejects (with their unit number, see census.py), and the loader
  quarantines them. A path ending in .gz is decompressed.
  Parquet: the file's own types, cast to text later so that both formats pass the same checks.
-#}
{% macro source(format, header) -%}
{% if format == 'csv' -%}
read_csv($path, header = true, auto_detect = false,
         columns = {{ '{' }}{% for h in header %}{{ h | literal }}: 'VARCHAR'{{ ', ' if not loop.last }}{% endfor %}{{ '}' }},
         delim = ',', quote = '"', escape = '"', comment = '', encoding = 'utf-8',
         ignore_errors = true, store_rejects = true,
         rejects_table = 'ingest_rejects', rejects_scan = 'ingest_reject_scans')
{%- else -%}
read_parquet($path)
{%- endif %}
{%- endmacro %}
