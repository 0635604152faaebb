-- The retention queue of the week: the records the retention.overdue check returns for the
-- week (view retention_due_rows, made from the check's own SQL: due before the week ends and
-- still held when it starts, or deleted late during it), with the rule, the system and its
-- owner. 'overdue' were due before the week; 'due this week' fall due in it.
CREATE OR REPLACE TEMP TABLE explorer_retention_queue AS
SELECT
    CASE WHEN due.due_at < (SELECT period_start FROM scope) THEN 'overdue' ELSE 'due this week' END AS queue,
    due.system_id,
    s.owner,
    due.data_category,
    due.record_id,
    due.subject_id,
    due.due_at,
    due.deleted_at,
    r.rule_id,
    r.action,
    r.period_days,
    r.grace_days
FROM retention_due_rows AS due
LEFT JOIN systems AS s ON s.system_id = due.system_id
LEFT JOIN retention_rules AS r
    ON r.category_id = due.data_category AND r.system_id = due.system_id
