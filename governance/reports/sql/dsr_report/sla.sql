-- Deadline compliance per request type: requests answered in the period, those answered by
-- their deadline, and those still open at the period end with the deadline passed. "By the
-- deadline" as dsr.overdue decides: a working-day deadline ends at the local midnight that
-- closes its last day (an answer at that midnight is late); a month deadline includes its end.
-- Answered and open by answered_at (request_deadlines); in time or late by completed_at, so a
-- rejection recorded without completed_at is answered but neither in time nor late.
WITH types AS (
    SELECT DISTINCT request_type FROM dsr_deadlines
    UNION
    SELECT DISTINCT request_type FROM report_request_deadlines
),
flagged AS (
    SELECT request_type, deadline, completed_at,
           answered_at >= (SELECT period_start FROM scope) AND answered_at < (SELECT period_end FROM scope) AS answered,
           completed_at < deadline AS in_time,
           received_at < (SELECT period_end FROM scope)
             AND (answered_at IS NULL OR answered_at >= (SELECT period_end FROM scope))
             AND deadline < (SELECT period_end FROM scope) AS open_past_deadline
    FROM report_request_deadlines
)
SELECT t.request_type,
       count(f.request_type) FILTER (WHERE f.answered) AS answered,
       count(f.request_type) FILTER (WHERE f.answered AND f.in_time) AS in_time,
       count(f.request_type) FILTER (WHERE f.answered AND NOT f.in_time) AS late,
       count(f.request_type) FILTER (WHERE f.answered AND f.in_time)
         / nullif(count(f.request_type) FILTER (WHERE f.answered), 0) AS in_time_share,
       count(f.request_type) FILTER (WHERE f.open_past_deadline) AS open_past_deadline
FROM types t
LEFT JOIN flagged f USING (request_type)
GROUP BY t.request_type
ORDER BY t.request_type
