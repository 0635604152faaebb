-- The ledger at a glance: size, head (what to record outside the database), seals, erasures.
-- Whether the key is the ledger's is key_status.sql's question.
SELECT
    (SELECT count(*) FROM consent_events) AS events,
    (SELECT max(seq) FROM consent_events) AS last_seq,
    (SELECT arg_max(content_hash, seq) FROM consent_events) AS head_hash,
    (SELECT count(*) FROM ledger_seals) AS seals,
    (SELECT count(DISTINCT subject_key) FROM subject_erasures) AS erased_subjects;
