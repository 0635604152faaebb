-- The DSR request $request_id: is it about $subject_id, and is it an erasure request?
SELECT subject_id = $subject_id AS same_subject, request_type, status
FROM dsr_requests
WHERE request_id = $request_id;
