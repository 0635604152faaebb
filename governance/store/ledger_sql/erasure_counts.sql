-- What erasing $subject_id removes (identity, key mapping) and what it keeps (ledger rows).
SELECT
    (SELECT count(*) FROM subjects WHERE subject_id = $subject_id) AS identity_rows,
    (SELECT count(*) FROM subject_keys WHERE subject_id = $subject_id) AS key_rows,
    (
        SELECT count(*)
        FROM consent_events
        WHERE subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
    ) AS ledger_rows_kept;
