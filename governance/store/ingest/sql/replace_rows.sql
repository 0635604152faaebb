-- Upsert kinds: remove the stored rows that this file's newer rows replace.
{% import '_rules.sql' as rules %}
DELETE FROM {{ kind.table | ident }} AS s
USING ingest_matches AS m
WHERE m.outcome = 'update' AND {{ rules.same_key(kind, 's', 'm') }}
