-- Every data subject request with its deadline under the framework pack: the one place that
-- computes it (dsr.overdue, the DSR report and the analysts' queue read this view). Needs scope,
-- dsr_deadlines and working_days. For a deadline in working days, the deadline instant is the
-- end of the deadline day in the pack's time zone (the next local midnight).
CREATE OR REPLACE TEMP VIEW request_deadlines AS
WITH ctx AS (SELECT timezone FROM scope)
SELECT q.request_id,
       q.subject_id,
       q.request_type,
       q.status,
       q.received_at,
       q.completed_at,
       d.working_days IS NOT NULL AS in_working_days,
       CASE
         WHEN d.working_days IS NOT NULL THEN
           timezone(ctx.timezone, CAST(wd.day + 1 AS TIMESTAMP))
         WHEN q.extended_at IS NOT NULL
              AND q.extended_at <= q.received_at + INTERVAL 1 MONTH * d.months THEN
           q.received_at + INTERVAL 1 MONTH * (d.months + d.extension_months)
         ELSE q.received_at + INTERVAL 1 MONTH * d.months
       END AS deadline,
       -- working days from the local date of receipt to the local date of the answer
       wc.wd_no - w0.wd_no AS working_days_taken
FROM dsr_requests q
CROSS JOIN ctx
LEFT JOIN dsr_deadlines d USING (request_type)
LEFT JOIN working_days w0 ON w0.day = CAST(timezone(ctx.timezone, q.received_at) AS DATE)
LEFT JOIN working_days wd ON wd.is_working AND wd.wd_no = w0.wd_no + d.working_days
LEFT JOIN working_days wc ON wc.day = CAST(timezone(ctx.timezone, q.completed_at) AS DATE)
