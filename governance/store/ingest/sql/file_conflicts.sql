-- Every record of a key that the file gives with different values, naming the nearest line
-- that disagrees so a person can compare the two. None of them loads: the file must settle
-- which version is right.
{% import '_rules.sql' as rules %}
CREATE OR REPLACE TEMP TABLE ingest_conflicts AS
WITH conflicting AS (
    SELECT t.line, {{ rules.key_list(kind, 't') }}, {{ rules.content(kind, 't') }} AS content
    FROM ingest_typed AS t
    SEMI JOIN (SELECT * FROM ingest_versions WHERE versions > 1) AS v
        ON {{ rules.same_key(kind, 't', 'v') }}
), neighbours AS (
    SELECT
        a.line,
        min(b.line) FILTER (WHERE b.line > a.line) AS next_line,
        max(b.line) FILTER (WHERE b.line < a.line) AS previous_line
    FROM conflicting AS a
    JOIN conflicting AS b ON {{ rules.same_key(kind, 'a', 'b') }} AND a.content <> b.content
    GROUP BY a.line
)
SELECT
    r.line,
    {{ kind.key | join(', ') | literal }} AS column_name,
    {{ rules.key_value(kind, 'r') }} AS raw_value,
    CASE
        WHEN n.next_line IS NOT NULL
            THEN {{ rules.key_text(kind, 'r') }} || format(' appears again at line {} with different values', n.next_line)
        ELSE {{ rules.key_text(kind, 'r') }} || format(' appears earlier at line {} with different values', n.previous_line)
    END AS reason,
    CAST(NULL AS JSON) AS raw_row
FROM neighbours AS n
JOIN ingest_raw AS r ON r.line = n.line
