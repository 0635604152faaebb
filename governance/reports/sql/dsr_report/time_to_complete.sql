-- Time to answer, per request type, for the requests answered in the period: calendar days from
-- receipt to answer, and working days between their local dates. Only answers with a recorded
-- time (completed_at): a rejection without one is answered at an unknown time and left out.
SELECT request_type,
       count(*) AS answered,
       median(epoch(completed_at - received_at) / 86400) AS median_days,
       quantile_cont(epoch(completed_at - received_at) / 86400, 0.9) AS p90_days,
       median(working_days_taken) AS median_working_days,
       max(working_days_taken) AS max_working_days
FROM report_request_deadlines
WHERE completed_at >= (SELECT period_start FROM scope) AND completed_at < (SELECT period_end FROM scope)
GROUP BY request_type
ORDER BY request_type
