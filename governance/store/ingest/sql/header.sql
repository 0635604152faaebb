-- The columns of a file, in file order (for CSV: its header row).
{% from '_source.sql' import source %}
DESCRIBE SELECT * FROM {{ source(format) }}
