-- Keep every problem of the file with the whole record as JSON, so it can be fixed and reloaded:
-- the header's columns in file order, values as read but trimmed and with empty as null (a
-- record the reader set aside keeps its line as text instead, and a record naming an erased
-- subject keeps nothing: problems.sql gives it `{}`).
INSERT INTO quarantine
SELECT
    $load_id, $kind, $source, p.line, p.column_name, p.raw_value, p.reason,
    coalesce(p.raw_row, json_object(
{% for h in header %}
        {{ h | literal }}, {% if h in contract %}r.{{ h | ident }}{% else %}r.extra -> {{ h | literal }}{% endif %}{{ ',' if not loop.last }}
{% endfor %}
    ))
FROM (SELECT * FROM ingest_problems UNION ALL SELECT * FROM ingest_conflicts) AS p
LEFT JOIN ingest_raw AS r ON r.line = p.line
ORDER BY p.line, p.column_name NULLS FIRST, p.reason
