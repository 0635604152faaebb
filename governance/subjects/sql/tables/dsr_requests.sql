-- The subject's rows of dsr_requests, as stored (extra columns of the event file included).
SELECT *
FROM dsr_requests
WHERE subject_id = $subject_id
ORDER BY load_id, source_line
