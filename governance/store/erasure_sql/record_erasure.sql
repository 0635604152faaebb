-- Record the erasure in the erasure log (subject_erasures): the pseudonym, when, which request,
-- what was removed per table and what the ledger kept (its rows of the key up to the head seq,
-- which `governance verify` holds it to). Holds no identity.
INSERT INTO subject_erasures (
    subject_key, erased_at, request_id, subjects_deleted, subject_keys_deleted,
    quarantine_redacted, ledger_rows_kept, ledger_head_seq
)
VALUES (
    $subject_key, now(), $request_id, $subjects_deleted, $subject_keys_deleted,
    $quarantine_redacted, $ledger_rows_kept, $ledger_head_seq
)
RETURNING erased_at;
