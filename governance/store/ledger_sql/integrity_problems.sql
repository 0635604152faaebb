-- Database integrity beyond the hash chain, one row per problem (area, message):
-- the register is recorded; each subject key mapping is what the bound key gives; every ledger
-- subject key is either mapped to a subject or recorded as erased.
WITH orphan_keys AS (
    SELECT subject_key, count(*) AS events, min(seq) AS first_seq
    FROM consent_events AS events
    WHERE NOT EXISTS (
            SELECT 1 FROM subject_keys AS keys WHERE keys.subject_key = events.subject_key
        )
        AND NOT EXISTS (
            SELECT 1 FROM subject_erasures AS erased
            WHERE erased.subject_key = events.subject_key
        )
    GROUP BY subject_key
),
problems AS (
    SELECT 'register_source' AS area,
        'register_source: no register is recorded (the row was deleted, or the database was not '
        || 'built by governance init)' AS message
    WHERE (SELECT count(*) FROM register_source) = 0

    UNION ALL
    SELECT 'register_source',
        format('register_source: {} rows, where governance init keeps exactly one', count(*))
    FROM register_source
    HAVING count(*) > 1

    UNION ALL
    SELECT 'subject_keys',
        format('subject_keys: subject {} maps to a key that the pseudonym key does not give',
               coalesce(subject_id, 'NULL'))
    FROM subject_keys
    WHERE subject_key IS DISTINCT FROM subject_key(subject_id)

    UNION ALL
    SELECT 'subject_keys',
        format('subject_keys: subject {} has {} key mappings', subject_id, count(*))
    FROM subject_keys
    GROUP BY subject_id
    HAVING count(*) > 1

    UNION ALL
    SELECT 'consent_events',
        format('consent_events: subject key {} ({} events, first at seq {}) has no subject mapping '
               || 'and no erasure record', left(subject_key, 16), events, first_seq)
    FROM orphan_keys
)
-- The first $limit problems and how many there are in all (a wiped mapping table would
-- otherwise list every subject).
SELECT area, message, count(*) OVER () AS total
FROM problems
ORDER BY area, message
LIMIT $limit;
