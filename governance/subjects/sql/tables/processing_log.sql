-- The subject's rows of processing_log, as stored (extra columns of the event file included).
SELECT *
FROM processing_log
WHERE subject_id = $subject_id
ORDER BY load_id, source_line
