-- Every problem of every record's values, one row each (a record with two bad values gets two
-- rows): empty required values, values of the wrong type, out of range, not among the allowed
-- values, in the future, or pointing at something that is not there; and the records the reader
-- set aside. Each column gets at most one problem: the checks after the type check only look at
-- values of the right type. raw_row is filled here only for records the reader set aside (their
-- line as text); quarantine.sql builds it for the others, which are in ingest_raw.
{% import '_rules.sql' as rules %}
CREATE OR REPLACE TEMP TABLE ingest_problems AS
SELECT line, CAST(NULL AS VARCHAR) AS column_name, CAST(NULL AS VARCHAR) AS raw_value,
       reason, raw_row
FROM ingest_unreadable
{% for c in kind.columns %}
{% set v = 'r.' ~ (c.name | ident) %}
{% if not c.empty %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, NULL, 'empty, but required', NULL
FROM ingest_raw AS r
WHERE {{ v }} IS NULL
{% endif %}
{% if c.type != 'VARCHAR' %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }}, {{ rules.type_reason(c.type) }}, NULL
FROM ingest_raw AS r
WHERE {{ v }} IS NOT NULL AND NOT {{ rules.is_valid(c.type, v) }}
{% endif %}
{% if c.min is not none %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }}, 'less than {{ c.min }}', NULL
FROM ingest_raw AS r
WHERE {{ rules.is_valid(c.type, v) }} AND {{ rules.typed(c.type, v) }} < {{ c.min }}
{% endif %}
{% if c['values'] %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }},
       format('''{}'' is not one of {}', {{ v }}, {{ c['values'] | join(', ') | literal }}), NULL
FROM ingest_raw AS r
WHERE {{ v }} NOT IN ({% for value in c['values'] %}{{ value | literal }}{{ ', ' if not loop.last }}{% endfor %})
{% endif %}
{% if c.type in ('TIMESTAMPTZ', 'DATE') and not c.future %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }},
       'in the future (after ' || {{ rules.load_time() }} || ', the load time)', NULL
FROM ingest_raw AS r
WHERE {{ rules.is_valid(c.type, v) }}
  AND {{ rules.typed(c.type, v) }} > {{ 'now()' if c.type == 'TIMESTAMPTZ' else 'CAST(now() AS DATE)' }}
{% endif %}
{% if c.references %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }},
       format('unknown {} ''{}'' ({})', {{ c.references.label | literal }}, {{ v }},
              {{ c.references.hint | literal }}),
       NULL
FROM ingest_raw AS r
ANTI JOIN {{ c.references.table | ident }} AS target
    ON target.{{ c.references.column | ident }} = {{ v }}
WHERE {{ v }} IS NOT NULL
{% endif %}
{% endfor %}
