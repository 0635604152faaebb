-- Register facts behind the purposes named in the findings of ($run_id, $check_id): the legal
-- basis (and whether it is consent), how long a consent lasts, the activities using the
-- purpose. A purpose the register does not hold is listed with in_register false.
WITH named AS (
    SELECT DISTINCT json_extract_string(details, '$.purpose_id') AS purpose_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.purpose_id,
    p.purpose_id IS NOT NULL AS in_register,
    p.name,
    p.legal_basis_id,
    lb.name AS legal_basis,
    lb.consent_based,
    p.consent_validity,
    (
        SELECT string_agg(a.activity_id, ', ' ORDER BY a.activity_id)
        FROM processing_activities AS a
        WHERE a.purpose_id = named.purpose_id
    ) AS activities
FROM named
LEFT JOIN purposes AS p ON p.purpose_id = named.purpose_id
LEFT JOIN legal_bases AS lb ON lb.legal_basis_id = p.legal_basis_id
WHERE named.purpose_id IS NOT NULL
ORDER BY named.purpose_id
