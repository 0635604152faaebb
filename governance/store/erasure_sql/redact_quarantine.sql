-- Redact the matched quarantine rows (erasure_quarantine): the row stays, with its load, kind,
-- file, line and column, so the load figures (load_log.rows_quarantined) still reconcile; the
-- values go: raw_value, and every value of raw_row (its column names stay). The reason stays
-- unless it quotes the subject's data or the removed value, and says that the row was erased.
UPDATE quarantine AS q
SET
    raw_value = NULL,
    raw_row = CASE
        WHEN json_type(q.raw_row) = 'OBJECT' THEN to_json(map_from_entries(list_transform(
            json_keys(q.raw_row), lambda k: {'key': k, 'value': NULL::VARCHAR}
        )))
        ELSE '"[erased]"'::JSON
    END,
    reason = 'erased: values removed on the subject''s erasure; '
        || CASE
            WHEN m.reason_quotes OR (q.raw_value IS NOT NULL AND contains(q.reason, q.raw_value))
                THEN 'the reason quoted them'
            ELSE 'was: ' || q.reason
        END
FROM erasure_quarantine AS m
WHERE q.rowid = m.row_id;
