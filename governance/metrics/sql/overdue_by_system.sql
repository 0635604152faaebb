-- Records kept past their retention period (retention.overdue findings of the scope's results), by
-- system, and how many of them were still not deleted at period end.
WITH overdue AS (
    SELECT json_extract_string(details, '$.system_id') AS system_id,
           CAST(json_extract_string(details, '$.deleted_at') AS TIMESTAMPTZ) AS deleted_at
    FROM findings
    WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'retention.overdue'
)
SELECT o.system_id,
       coalesce(s.name, o.system_id) AS system,
       count(*) AS records_overdue,
       count(*) FILTER (WHERE o.deleted_at IS NULL OR o.deleted_at >= (SELECT period_end FROM scope)) AS still_held
FROM overdue o
LEFT JOIN systems s USING (system_id)
GROUP BY ALL
ORDER BY records_overdue DESC, system
