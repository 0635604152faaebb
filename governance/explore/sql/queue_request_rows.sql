-- The request queue, one row per request, with the systems (and owners) holding the subject's
-- records; a request is kept when one of them matches $system_id / $owner (NULL means any).
SELECT
    queue,
    request_id,
    subject_id,
    request_type,
    status,
    received_at,
    deadline,
    completed_at,
    string_agg(system_id, ', ' ORDER BY system_id) AS systems,
    string_agg(DISTINCT owner, ', ' ORDER BY owner) AS owners,
    CAST(coalesce(sum(live_records), 0) AS BIGINT) AS live_records
FROM explorer_request_queue
GROUP BY ALL
HAVING bool_or(($system_id IS NULL OR system_id = $system_id) AND ($owner IS NULL OR owner = $owner))
ORDER BY deadline, request_id
