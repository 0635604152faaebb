-- Rows about the subject that a load refused (kept whole, as read, so they can be fixed).
SELECT *
FROM quarantine
WHERE json_extract_string(raw_row, '$.subject_id') = $subject_id
ORDER BY load_id, line, column_name
