-- Every problem of every record's values, one row each (a record with two bad values gets two
-- rows): empty required values, values of the wrong type, out of range, not among the allowed
-- values, in the future, or pointing at something that is not there; NUL characters (only
-- looked for when the file has a NUL byte at all); and the records the reader set aside. Each
-- column gets at most one problem: the checks after the type check only look at values of the
-- right type. raw_row is filled here only for records the reader set aside (their line as
-- text) and erased subjects (nothing); quarantine.sql builds it for the others.
--
-- Erased subjects (`erasures`: subject_erasures has rows and the kind names subjects): a record
-- naming an erased subject gets one problem only, which holds none of its values, so that the
-- quarantine does not keep again the person `governance erase` removed. A record the reader set
-- aside is matched field by field, as its fields cannot be told apart.
{% import '_rules.sql' as rules %}
{% if erasures %}
CREATE OR REPLACE TEMP TABLE ingest_erased AS
WITH erased AS (
    SELECT subject_key, max(erased_at) AS erased_at FROM subject_erasures GROUP BY ALL
), named AS (
{% for c in kind.subject_columns %}
    SELECT r.line, {{ c.name | literal }} AS column_name, subject_key(r.{{ c.name | ident }}) AS subject_key
    FROM ingest_raw AS r
    WHERE r.{{ c.name | ident }} IS NOT NULL
    UNION ALL
{% endfor %}
    SELECT u.line, NULL, subject_key(trim(f.field, ' "'))
    FROM ingest_unreadable AS u, unnest(string_split(u.text, ',')) AS f(field)
)
SELECT n.line, min(n.column_name) AS column_name, max(e.erased_at) AS erased_at
FROM named AS n
JOIN erased AS e USING (subject_key)
GROUP BY n.line;
{% endif %}

CREATE OR REPLACE TEMP TABLE ingest_problems AS
{% if erasures %}
SELECT line, column_name, CAST(NULL AS VARCHAR) AS raw_value,
       format('subject erased on {}: not loaded again (governance erase)',
              strftime(erased_at, '%Y-%m-%d')) AS reason,
       JSON '{}' AS raw_row
FROM ingest_erased
UNION ALL
SELECT p.* FROM (
{% endif %}
SELECT line, CAST(NULL AS VARCHAR) AS column_name, CAST(NULL AS VARCHAR) AS raw_value,
       reason, raw_row
FROM ingest_unreadable
{% for c in kind.columns %}
{% set v = 'r.' ~ (c.name | ident) %}
{% set clean = ('NOT contains(' ~ v ~ ', chr(0))') if nul else 'true' %}
{% if nul %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }}, 'contains a NUL character (byte 0), which text never holds', NULL
FROM ingest_raw AS r
WHERE contains({{ v }}, chr(0))
{% endif %}
{% if not c.empty %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, NULL, 'empty, but required', NULL
FROM ingest_raw AS r
WHERE {{ v }} IS NULL
{% endif %}
{% if c.type == 'TIMESTAMPTZ' %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }}, {{ rules.type_reason(c.type, v) }}, NULL
FROM ingest_raw AS r
WHERE {{ v }} IS NOT NULL AND NOT coalesce({{ rules.is_timestamp(v) }}, false) AND {{ clean }}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }}, {{ rules.offset_reason(v) }}, NULL
FROM ingest_raw AS r
WHERE CASE WHEN NOT {{ rules.offset_ok(v) }} THEN coalesce({{ rules.is_timestamp(v) }}, false) ELSE false END
{% elif c.type != 'VARCHAR' %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }}, {{ rules.type_reason(c.type, v) }}, NULL
FROM ingest_raw AS r
WHERE {{ v }} IS NOT NULL AND NOT {{ rules.is_valid(c.type, v) }} AND {{ clean }}
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
WHERE {{ v }} NOT IN ({% for value in c['values'] %}{{ value | literal }}{{ ', ' if not loop.last }}{% endfor %}) AND {{ clean }}
{% endif %}
{% if c.type in ('TIMESTAMPTZ', 'DATE') and not c.future %}
UNION ALL
SELECT r.line, {{ c.name | literal }}, {{ v }},
       'in the future (after ' || {{ rules.load_time() }} || ', the load time)', NULL
FROM ingest_raw AS r
-- the comparison first: the offset's regular expression then runs on future values only
WHERE CASE
    WHEN TRY_CAST({{ v }} AS {{ c.type }}) > {{ 'now()' if c.type == 'TIMESTAMPTZ' else 'CAST(now() AS DATE)' }}
        THEN {{ rules.is_valid(c.type, v) }}
    ELSE false
END
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
WHERE {{ v }} IS NOT NULL AND {{ clean }}
{% endif %}
{% endfor %}
{% if erasures %}
) AS p
ANTI JOIN ingest_erased AS e ON e.line = p.line
{% endif %}
