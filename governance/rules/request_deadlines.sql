-- Every data subject request with its deadline under the framework pack: the one place that
-- computes it (dsr.overdue, the DSR report and the analysts' queue read this view).
-- The deadline version is the one in force when the request was received (a rule applies to
-- events of its own time); a request type the law gives no deadline (then) has deadline NULL
-- and is not judged. Deadline dates come from deadline_days (working days, or GDPR months per
-- Regulation 1182/71 Art. 3); the deadline instant is the end of the deadline day in the pack's
-- time zone. GDPR: three months instead of one when extended_at falls within the first.
CREATE OR REPLACE TEMP VIEW request_deadlines AS
WITH ctx AS (SELECT timezone FROM scope),
requests AS (
    SELECT q.*, CAST(timezone(ctx.timezone, q.received_at) AS DATE) AS received_day,
           d.working_days, d.months, d.extension_months
    FROM dsr_requests q
    CROSS JOIN ctx
    LEFT JOIN dsr_deadlines d
      ON d.request_type = q.request_type
     AND (d.valid_from IS NULL OR q.received_at >= d.valid_from)
     AND (d.valid_until IS NULL OR q.received_at < d.valid_until)
)
SELECT q.request_id,
       q.subject_id,
       q.request_type,
       q.status,
       q.received_at,
       q.completed_at,
       -- when the request counts as answered (NULL: still open). A rejection is an answer: one
       -- recorded without completed_at counts as answered from its receipt, at a time nobody
       -- knows, so it is never late (the deadline is after the receipt) and figures of time to
       -- answer, which read completed_at, leave it out
       coalesce(q.completed_at, CASE WHEN q.status = 'rejected' THEN q.received_at END)
         AS answered_at,
       CASE
         WHEN q.working_days > 0 THEN wd.due_at
         WHEN q.months > 0 AND q.extension_months > 0 AND q.extended_at < m1.due_at THEN m3.due_at
         WHEN q.months > 0 THEN m1.due_at
       END AS deadline,
       -- working days from the local date of receipt to the local date of the answer
       wc.wd_no - w0.wd_no AS working_days_taken
FROM requests q
CROSS JOIN ctx
LEFT JOIN deadline_days wd
  ON wd.start_day = q.received_day AND wd.unit = 'working_days' AND wd.n = q.working_days
LEFT JOIN deadline_days m1
  ON m1.start_day = q.received_day AND m1.unit = 'months' AND m1.n = q.months
LEFT JOIN deadline_days m3
  ON m3.start_day = q.received_day AND m3.unit = 'months'
 AND m3.n = q.months + q.extension_months
LEFT JOIN working_days w0 ON w0.day = q.received_day
LEFT JOIN working_days wc ON wc.day = CAST(timezone(ctx.timezone, q.completed_at) AS DATE)
