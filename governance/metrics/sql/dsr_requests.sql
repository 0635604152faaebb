-- Data subject requests by type, with a total row (request_type 'all').
-- received: received in the period; answered: completed (or rejected) in the period, by the
-- answered_at of the rule view request_deadlines (a rejection without completed_at counts as
-- answered when received, at an unknown time); late: the check dsr.overdue of the scope's results
-- found it (its deadlines are the framework's); in time: answered, not late, at a recorded time
-- (so a rejection without completed_at is neither in time nor late); open past deadline: a
-- dsr.overdue finding still open at period end; median_days: calendar days from receipt to
-- answer, for the requests answered in the period at a recorded time.
-- Figures that need the check are NULL when the run does not exist or the check errored in it.
WITH has_run AS (
    SELECT count(*) > 0 AS ok FROM check_results
    WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'dsr.overdue' AND status <> 'errored'
),
late AS (
    SELECT finding_key AS request_id FROM findings
    WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'dsr.overdue'
),
facts AS (
    SELECT q.request_type,
           q.received_at >= (SELECT period_start FROM scope) AS received,
           coalesce(q.answered_at >= (SELECT period_start FROM scope) AND q.answered_at < (SELECT period_end FROM scope), false)
             AS answered,
           q.completed_at IS NOT NULL AS answer_time_known,
           q.answered_at IS NULL OR q.answered_at >= (SELECT period_end FROM scope) AS open_at_end,
           l.request_id IS NOT NULL AS late,
           date_diff('second', q.received_at, q.completed_at) / 86400.0 AS days
    FROM request_deadlines q
    LEFT JOIN late l USING (request_id)
    WHERE q.received_at < (SELECT period_end FROM scope)
)
SELECT CASE WHEN grouping(request_type) = 1 THEN 'all' ELSE request_type END AS request_type,
       count(*) FILTER (WHERE received) AS received,
       count(*) FILTER (WHERE answered) AS answered,
       CASE WHEN any_value(ok) THEN count(*) FILTER (WHERE answered AND answer_time_known AND NOT late) END
         AS answered_in_time,
       CASE WHEN any_value(ok) THEN count(*) FILTER (WHERE answered AND late) END AS answered_late,
       CASE WHEN any_value(ok) THEN
         count(*) FILTER (WHERE answered AND answer_time_known AND NOT late)
           / nullif(count(*) FILTER (WHERE answered), 0) END AS on_time_share,
       CASE WHEN any_value(ok) THEN count(*) FILTER (WHERE open_at_end AND late) END
         AS open_past_deadline,
       median(days) FILTER (WHERE answered) AS median_days
FROM facts CROSS JOIN has_run
GROUP BY ROLLUP (request_type)
ORDER BY grouping(request_type), request_type
