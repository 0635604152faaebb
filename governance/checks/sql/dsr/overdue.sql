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
-- request_deadlines is the context view of every request with its deadline
-- (the scope's rule view, governance/rules/request_deadlines.sql), shared with the DSR report.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT request_id, subject_id, request_type, received_at, deadline, completed_at
FROM request_deadlines, ctx
WHERE deadline < ctx.period_end
  AND (completed_at IS NULL
       OR (completed_at >= ctx.period_start
           AND (completed_at > deadline
                -- the local midnight ending a working-day deadline belongs to the next day
                OR (in_working_days AND completed_at = deadline))))
