-- The findings of dsr.overdue in the report's check run (the scope's results), per request type, with no
-- identifier: requests still open at the period end past their deadline, requests answered
-- late in the period, and the longest delay in days past the deadline (to the answer, or to
-- the period end for open ones).
WITH rows AS (
    SELECT json_extract_string(details, '$.request_type') AS request_type,
           CAST(json_extract_string(details, '$.deadline') AS TIMESTAMPTZ) AS deadline,
           CAST(json_extract_string(details, '$.completed_at') AS TIMESTAMPTZ) AS completed_at
    FROM findings
    WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'dsr.overdue'
)
SELECT request_type,
       count(*) AS overdue,
       count(*) FILTER (WHERE completed_at IS NULL OR completed_at >= (SELECT period_end FROM scope)) AS open_at_end,
       count(*) FILTER (WHERE completed_at < (SELECT period_end FROM scope)) AS answered_late,
       max(epoch(least(coalesce(completed_at, (SELECT period_end FROM scope)), (SELECT period_end FROM scope)) - deadline) / 86400)
           AS longest_days_late
FROM rows
GROUP BY request_type
ORDER BY request_type
