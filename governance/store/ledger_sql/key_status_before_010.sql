-- key_status.sql for a database without migration 010 (no key check value yet), read by
-- `verify_ledger` on a read-only connection that cannot migrate: the seals and a sample of the
-- subject key mappings are the only keyed records that can prove the key.
SELECT
    0 AS recorded,
    0 AS matching,
    NULL::TIMESTAMPTZ AS recorded_at,
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
    false AS sealed_since_check_began;
