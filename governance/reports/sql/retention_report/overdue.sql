-- The findings of retention.overdue in the report's check run (the scope's results), counted per system and
-- data category, with the rule that was missed: records past due still held at the period end,
-- and those deleted (late) during the period. No record or subject id leaves this query.
WITH rows AS (
    SELECT json_extract_string(details, '$.system_id') AS system_id,
           json_extract_string(details, '$.data_category') AS category_id,
           CAST(json_extract_string(details, '$.due_at') AS TIMESTAMPTZ) AS due_at,
           CAST(json_extract_string(details, '$.deleted_at') AS TIMESTAMPTZ) AS deleted_at
    FROM findings
    WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'retention.overdue'
)
SELECT coalesce(s.name, r.system_id) AS system,
       coalesce(c.name, r.category_id) AS category,
       -- the rule's fields, unit-separated (chr 31): the report writes them as a sentence in
       -- the reader's language (governance.ropa.export.retention_rule)
       any_value(concat_ws(chr(31), rule.period_days, rule.start_event, rule.action,
                           rule.grace_days)) AS rule,
       count(*) AS overdue,
       count(*) FILTER (WHERE r.deleted_at IS NULL OR r.deleted_at >= (SELECT period_end FROM scope)) AS held_at_end,
       count(*) FILTER (WHERE r.deleted_at < (SELECT period_end FROM scope)) AS deleted_late,
       max(epoch(least(coalesce(r.deleted_at, (SELECT period_end FROM scope)), (SELECT period_end FROM scope)) - r.due_at) / 86400)
           AS longest_days_overdue
FROM rows r
LEFT JOIN systems s ON s.system_id = r.system_id
LEFT JOIN data_categories c ON c.category_id = r.category_id
LEFT JOIN retention_rules rule
       ON rule.system_id = r.system_id AND rule.category_id = r.category_id
GROUP BY ALL
ORDER BY overdue DESC, system, category
