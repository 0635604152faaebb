-- The subject's rows of disclosures, as stored (extra columns of the event file included).
SELECT *
FROM disclosures
WHERE subject_id = $subject_id
ORDER BY load_id, source_line
