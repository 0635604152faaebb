-- The distinct versions of each key that the file gives more than once (usually none, so the
-- aggregate over the whole file groups by the key alone): a key with one version loads once
-- (its other copies are duplicates); a key with two or more versions is a conflict the file
-- must settle.
{% import '_rules.sql' as rules %}
CREATE OR REPLACE TEMP TABLE ingest_versions AS
WITH repeated AS (
    SELECT {{ rules.key_list(kind, 't') }}
    FROM ingest_typed AS t
    GROUP BY ALL
    HAVING count(*) > 1
)
SELECT *, count(*) OVER (PARTITION BY {{ rules.key_list(kind, 'v') }}) AS versions
FROM (
    SELECT
        {{ rules.key_list(kind, 't') }},
        {{ rules.content(kind, 't') }} AS content,
        min(t.line) AS first_line,
        count(*) AS copies
    FROM ingest_typed AS t
    SEMI JOIN repeated AS r ON {{ rules.same_key(kind, 't', 'r') }}
    GROUP BY ALL
) AS v
