-- Register facts behind the systems named in the findings of ($run_id, $check_id): who owns
-- the system, where it is hosted, which activities use it.
WITH named AS (
    SELECT DISTINCT json_extract_string(details, '$.system_id') AS system_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.system_id,
    s.system_id IS NOT NULL AS in_register,
    s.name,
    s.owner,
    s.hosting_country,
    (
        SELECT string_agg(a.activity_id, ', ' ORDER BY a.activity_id)
        FROM activity_systems AS a
        WHERE a.system_id = named.system_id
    ) AS activities
FROM named
LEFT JOIN systems AS s ON s.system_id = named.system_id
WHERE named.system_id IS NOT NULL
ORDER BY named.system_id
