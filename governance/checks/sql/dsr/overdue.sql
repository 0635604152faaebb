-- id: dsr.overdue
-- title: Data subject requests answered late
-- severity: high
-- section: 7
-- keys: request_id
-- description: Requests completed after their deadline, or still open past it, during the period.
--   Deadlines per request type come from the framework pack (KZ in working days; GDPR one month,
--   three when extended within the first month).
-- remediation: Answer the open requests listed at once; for late ones, find where they waited
--   and tell the subject.
WITH ctx AS (SELECT period_start, period_end, timezone FROM check_context),
deadlines AS (
    SELECT q.request_id, q.subject_id, q.request_type, q.received_at, q.completed_at,
           d.working_days IS NOT NULL AS in_working_days,
           CASE
             WHEN d.working_days IS NOT NULL THEN
               -- end of the deadline day in local time: the next local midnight
               timezone(ctx.timezone, CAST(wd.day + 1 AS TIMESTAMP))
             WHEN q.extended_at IS NOT NULL
                  AND q.extended_at <= q.received_at + to_months(d.months) THEN
               q.received_at + to_months(d.months + d.extension_months)
             ELSE q.received_at + to_months(d.months)
           END AS deadline
    FROM dsr_requests q
    CROSS JOIN ctx
    JOIN dsr_deadlines d USING (request_type)
    LEFT JOIN working_days w0 ON w0.day = CAST(timezone(ctx.timezone, q.received_at) AS DATE)
    LEFT JOIN working_days wd ON wd.is_working AND wd.wd_no = w0.wd_no + d.working_days
)
SELECT request_id, subject_id, request_type, received_at, deadline, completed_at
FROM deadlines, ctx
WHERE deadline < ctx.period_end
  AND (completed_at IS NULL
       OR (completed_at >= ctx.period_start
           AND (completed_at > deadline
                -- the local midnight ending a working-day deadline belongs to the next day
                OR (in_working_days AND completed_at = deadline))))
