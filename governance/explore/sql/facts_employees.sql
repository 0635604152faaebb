-- Facts behind the employees named in the findings of ($run_id, $check_id): department, when
-- they worked here, when they signed the confidentiality undertaking, their open grants.
WITH named AS (
    SELECT DISTINCT json_extract_string(details, '$.employee_id') AS employee_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.employee_id,
    e.department,
    e.active_from,
    e.active_to,
    e.confidentiality_signed_at,
    (
        SELECT string_agg(g.system_id, ', ' ORDER BY g.system_id)
        FROM access_grants AS g
        WHERE g.employee_id = named.employee_id AND g.revoked_at IS NULL
    ) AS open_grants
FROM named
LEFT JOIN employees AS e ON e.employee_id = named.employee_id
WHERE named.employee_id IS NOT NULL
ORDER BY named.employee_id
