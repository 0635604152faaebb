-- Is the bound pseudonym key the one the consent ledger was written with? Every keyed record
-- that can say so: the key check value (migration 010), the seals, and a sample of the subject
-- key mappings (a keyed hash of an id stored beside it). See governance/store/pseudonym_key.py.
-- `sealed_since_check_began`: an append after migration 010 was applied, which always records
-- the key check value, so its absence is then tampering, whatever the key.
SELECT
    (SELECT count(*) FROM ledger_key_check) AS recorded,
    (
        SELECT count(*) FROM ledger_key_check WHERE check_value = ledger_key_check_value()
    ) AS matching,
    (SELECT min(recorded_at) FROM ledger_key_check) AS recorded_at,
    (SELECT count(*) FROM ledger_seals) AS seals,
    (
        SELECT count(*) FROM ledger_seals WHERE seal_hash = ledger_seal_hash(seq, content_hash)
    ) AS seals_verifying,
    (SELECT count(*) FROM (SELECT 1 FROM subject_keys LIMIT 1000)) AS mappings_sampled,
    (
        SELECT count(*)
        FROM (SELECT subject_id, subject_key FROM subject_keys LIMIT 1000)
        WHERE subject_key = subject_key(subject_id)
    ) AS mappings_agreeing,
    coalesce(
        (SELECT max(sealed_at) FROM ledger_seals)
            > (SELECT applied_at FROM schema_migrations WHERE version = 10),
        false
    ) AS sealed_since_check_began;
