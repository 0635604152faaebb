-- The findings of access.stale_grant in the report's check run (the scope's results), per system: grants
-- still open more than the grace period after their employee left, how many of them were still
-- open at the period end, how many employees they belong to, and the longest time since leaving.
WITH rows AS (
    SELECT json_extract_string(f.details, '$.grant_id') AS grant_id,
           json_extract_string(f.details, '$.employee_id') AS employee_id,
           json_extract_string(f.details, '$.system_id') AS system_id,
           CAST(json_extract_string(f.details, '$.left_at') AS TIMESTAMPTZ) AS left_at
    FROM findings f
    WHERE (f.run_id, f.check_id) IN (SELECT run_id, check_id FROM scope_results) AND f.check_id = 'access.stale_grant'
)
SELECT coalesce(s.name, r.system_id) AS system,
       count(*) AS stale_grants,
       count(*) FILTER (WHERE g.revoked_at IS NULL OR g.revoked_at >= (SELECT period_end FROM scope)) AS open_at_end,
       count(DISTINCT r.employee_id) AS employees,
       max(epoch(least(coalesce(g.revoked_at, (SELECT period_end FROM scope)), (SELECT period_end FROM scope)) - r.left_at) / 86400)
           AS longest_days_since_leaving
FROM rows r
LEFT JOIN access_grants g ON g.grant_id = r.grant_id
LEFT JOIN systems s ON s.system_id = r.system_id
GROUP BY ALL
ORDER BY stale_grants DESC, system
