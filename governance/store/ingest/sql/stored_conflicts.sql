-- Quarantine the events whose key was loaded before with other values.
{% import '_rules.sql' as rules %}
INSERT INTO ingest_conflicts
SELECT
    r.line,
    {{ kind.key | join(', ') | literal }},
    {{ rules.key_value(kind, 'r') }},
    format('already loaded with different values (load {}, line {})', m.stored_load_id, m.stored_line),
    NULL
FROM ingest_matches AS m
JOIN ingest_raw AS r ON r.line = m.line
WHERE m.outcome = 'conflict'
