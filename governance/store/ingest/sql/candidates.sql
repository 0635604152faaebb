-- The records that may load: the first record of each key the file gives once or in one
-- version only. The others are later copies (duplicates) or conflicts (ingest_conflicts).
{% import '_rules.sql' as rules %}
CREATE OR REPLACE TEMP VIEW ingest_candidates AS
SELECT t.*
FROM ingest_typed AS t
ANTI JOIN (
    SELECT t.line
    FROM ingest_typed AS t
    JOIN ingest_versions AS v ON {{ rules.same_key(kind, 't', 'v') }}
    WHERE v.versions > 1 OR t.line <> v.first_line
) AS left_behind ON left_behind.line = t.line
