-- What the database holds about $subject_id before an erasure: identity rows, key mapping, its
-- ledger pseudonym (the keyed hash the bound key gives, which a mapping must agree with), the
-- ledger rows that stay as evidence, and an earlier erasure of the same pseudonym.
WITH pseudonym AS (
    SELECT subject_key($subject_id) AS subject_key
)
SELECT
    (SELECT count(*) FROM subjects WHERE subject_id = $subject_id) AS identity_rows,
    (SELECT count(*) FROM subject_keys WHERE subject_id = $subject_id) AS key_rows,
    (
        SELECT count(*)
        FROM subject_keys, pseudonym
        WHERE subject_keys.subject_id = $subject_id
            AND subject_keys.subject_key IS DISTINCT FROM pseudonym.subject_key
    ) AS foreign_mappings,
    pseudonym.subject_key,
    (
        SELECT count(*) FROM consent_events WHERE subject_key = pseudonym.subject_key
    ) AS ledger_rows,
    (SELECT coalesce(max(seq), 0) FROM consent_events) AS ledger_head_seq,
    (
        SELECT max(erased_at) FROM subject_erasures WHERE subject_key = pseudonym.subject_key
    ) AS erased_before
FROM pseudonym;
