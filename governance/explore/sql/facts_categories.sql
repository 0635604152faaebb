-- Register facts behind the data categories named in the findings of ($run_id, $check_id):
-- the category's taxonomy key, whether it is special, and the purposes that declare it.
WITH named AS (
    SELECT DISTINCT json_extract_string(details, '$.data_category') AS category_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.category_id AS data_category,
    c.category_id IS NOT NULL AS in_register,
    c.name,
    c.fides_key,
    c.special,
    (
        SELECT string_agg(pc.purpose_id, ', ' ORDER BY pc.purpose_id)
        FROM purpose_categories AS pc
        WHERE pc.category_id = named.category_id
    ) AS declared_by_purposes
FROM named
LEFT JOIN data_categories AS c ON c.category_id = named.category_id
WHERE named.category_id IS NOT NULL
ORDER BY named.category_id
