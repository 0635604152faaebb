-- The request queue of the week: requests received before the week ends, not answered before
-- it starts (answered_at of the view request_deadlines, the one place deadlines are computed: a
-- rejection is an answer), whose deadline falls before the week ends. One row per request and
-- system holding live records of the subject at the week's start (system NULL when none does):
-- the owners who must act.
CREATE OR REPLACE TEMP TABLE explorer_request_queue AS
SELECT
    CASE WHEN q.deadline < (SELECT period_start FROM scope) THEN 'overdue' ELSE 'due this week' END AS queue,
    q.request_id,
    q.subject_id,
    q.request_type,
    q.status,
    q.received_at,
    q.deadline,
    q.completed_at,
    held.system_id,
    s.owner,
    held.live_records
FROM request_deadlines AS q
LEFT JOIN (
    SELECT subject_id, system_id, count(*) AS live_records
    FROM data_inventory
    WHERE collected_at < (SELECT period_start FROM scope) AND (deleted_at IS NULL OR deleted_at > (SELECT period_start FROM scope))
    GROUP BY ALL
) AS held ON held.subject_id = q.subject_id
LEFT JOIN systems AS s ON s.system_id = held.system_id
WHERE q.received_at < (SELECT period_end FROM scope)
  AND (q.answered_at IS NULL OR q.answered_at >= (SELECT period_start FROM scope))
  AND q.deadline < (SELECT period_end FROM scope)
