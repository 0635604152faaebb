-- Requests by type in the period: received, answered (completed or rejected) and still open at
-- the period end, by answered_at (request_deadlines: a rejection without completed_at counts as
-- answered when received). Every type of the framework pack is listed, with zeros.
WITH types AS (
    SELECT DISTINCT request_type FROM dsr_deadlines
    UNION
    SELECT DISTINCT request_type FROM report_request_deadlines
)
SELECT t.request_type,
       count(r.received_at) FILTER (
           WHERE r.received_at >= (SELECT period_start FROM scope) AND r.received_at < (SELECT period_end FROM scope)) AS received,
       count(r.received_at) FILTER (
           WHERE r.answered_at >= (SELECT period_start FROM scope) AND r.answered_at < (SELECT period_end FROM scope)) AS answered,
       count(r.received_at) FILTER (
           WHERE r.answered_at >= (SELECT period_start FROM scope) AND r.answered_at < (SELECT period_end FROM scope)
             AND r.status = 'rejected') AS rejected,
       count(r.received_at) FILTER (
           WHERE r.received_at < (SELECT period_end FROM scope)
             AND (r.answered_at IS NULL OR r.answered_at >= (SELECT period_end FROM scope))) AS open_at_end
FROM types t
LEFT JOIN report_request_deadlines r USING (request_type)
GROUP BY t.request_type
ORDER BY t.request_type
