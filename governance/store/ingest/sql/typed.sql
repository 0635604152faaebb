-- The records whose values have no problem, each value in its column's type: cast once here,
-- then read by every later step (grouping keys, joining the stored rows, inserting).
{% import '_rules.sql' as rules %}
CREATE OR REPLACE TEMP TABLE ingest_typed AS
SELECT
    r.line,
{% for c in kind.columns %}
    {{ rules.typed(c.type, 'r.' ~ (c.name | ident)) }} AS {{ c.name | ident }},
{% endfor %}
    r.extra
FROM ingest_raw AS r
ANTI JOIN ingest_problems AS p ON p.line = r.line
