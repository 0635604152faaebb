-- The candidates whose key is stored already: duplicate (same values), update (upsert kinds,
-- other values) or conflict (append kinds, other values: an event does not change once it
-- happened). Usually few; the candidates not here are new.
{% import '_rules.sql' as rules %}
CREATE OR REPLACE TEMP TABLE ingest_matches AS
SELECT
    c.line,
    {{ rules.key_list(kind, 'c') }},
    s.load_id AS stored_load_id,
    s.source_line AS stored_line,
    CASE
        WHEN {{ rules.content(kind, 'c', incoming_as_stored=true) }} = {{ rules.content(kind, 's', stored=true) }}
            THEN 'duplicate'
        ELSE {{ "'update'" if kind.mode == 'upsert' else "'conflict'" }}
    END AS outcome
FROM ingest_candidates AS c
JOIN {{ kind.table | ident }} AS s ON {{ rules.same_key(kind, 's', 'c') }}
