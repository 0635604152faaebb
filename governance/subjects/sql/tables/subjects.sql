-- The subject's identity, as stored (normally one row; a later snapshot replaces it).
SELECT * REPLACE (CAST(birth_date AS VARCHAR) AS birth_date)
FROM subjects
WHERE subject_id = $subject_id
ORDER BY load_id, source_line
