-- Register facts behind the processing activities named in the findings of
-- ($run_id, $check_id): purpose and legal basis (the activity's own, else its purpose's).
WITH named AS (
    SELECT DISTINCT json_extract_string(details, '$.activity_id') AS activity_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.activity_id,
    a.name,
    a.purpose_id,
    coalesce(a.legal_basis_id, p.legal_basis_id) AS legal_basis_id,
    a.description
FROM named
LEFT JOIN processing_activities AS a ON a.activity_id = named.activity_id
LEFT JOIN purposes AS p ON p.purpose_id = a.purpose_id
WHERE named.activity_id IS NOT NULL
ORDER BY named.activity_id
