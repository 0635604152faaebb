-- Records deleted or anonymised in the period, per system and data category, by what their
-- retention rule asks: on time (by the due instant, as retention.overdue computes it), late, or
-- with no rule to measure against.
WITH deleted AS (
    SELECT i.system_id, i.data_category, i.deleted_at, r.action,
           CASE WHEN r.start_event = 'last_used_at' THEN coalesce(i.last_used_at, i.collected_at)
                ELSE i.collected_at END
             + to_days(r.period_days + r.grace_days) AS due_at
    FROM data_inventory i
    LEFT JOIN retention_rules r ON r.category_id = i.data_category AND r.system_id = i.system_id
    WHERE i.deleted_at >= (SELECT period_start FROM scope) AND i.deleted_at < (SELECT period_end FROM scope)
)
SELECT coalesce(s.name, d.system_id) AS system,
       coalesce(c.name, d.data_category) AS category,
       coalesce(any_value(d.action), 'no rule') AS action,
       count(*) AS deleted,
       count(*) FILTER (WHERE d.deleted_at <= d.due_at) AS on_time,
       count(*) FILTER (WHERE d.deleted_at > d.due_at) AS late,
       count(*) FILTER (WHERE d.due_at IS NULL) AS without_rule
FROM deleted d
LEFT JOIN systems s ON s.system_id = d.system_id
LEFT JOIN data_categories c ON c.category_id = d.data_category
GROUP BY ALL
ORDER BY system, category
