-- Records kept past their retention period (retention.overdue findings of run $run_id), by
-- system, and how many of them were still not deleted at period end.
-- params: $period_end, $run_id
WITH overdue AS (
    SELECT json_extract_string(details, '$.system_id') AS system_id,
           CAST(json_extract_string(details, '$.deleted_at') AS TIMESTAMPTZ) AS deleted_at
    FROM findings
    WHERE run_id = $run_id AND check_id = 'retention.overdue'
)
SELECT o.system_id,
       coalesce(s.name, o.system_id) AS system,
       count(*) AS records_overdue,
       count(*) FILTER (WHERE o.deleted_at IS NULL OR o.deleted_at >= $period_end) AS still_held
FROM overdue o
LEFT JOIN systems s USING (system_id)
GROUP BY ALL
ORDER BY records_overdue DESC, system
