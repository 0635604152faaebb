-- id: dsr.overdue
-- title: Data subject requests answered late
-- severity: high
-- section: 7
-- keys: request_id
-- description: Requests answered (completed or rejected) after their deadline, or still open past
--   it, during the period. Deadlines per request type come from the framework pack (KZ in working
--   days; GDPR one month, three when extended within the first month).
-- remediation: Answer the open requests listed at once; for late ones, find where they waited
--   and tell the subject.
-- request_deadlines is the context view of every request with its deadline
-- (the scope's rule view, governance/rules/request_deadlines.sql), shared with the DSR report.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT request_id, subject_id, request_type, received_at, deadline, completed_at
FROM request_deadlines, ctx
WHERE deadline < ctx.period_end
  -- answered_at, not completed_at: a rejection is an answer (a rejection without completed_at
  -- counts as answered from its receipt, so it is never open past its deadline nor late)
  AND (answered_at IS NULL
       OR (answered_at >= ctx.period_start
           -- a deadline (working days or months) is the local midnight ending the deadline
           -- day: an answer at that instant already belongs to the next day
           AND answered_at >= deadline))
