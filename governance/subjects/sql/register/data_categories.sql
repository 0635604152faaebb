-- The categories of the subject's data held or processed.
WITH used AS (
    SELECT data_category AS category_id FROM data_inventory WHERE subject_id = $subject_id
    UNION
    SELECT data_category
    FROM processing_log
    WHERE subject_id = $subject_id AND data_category IS NOT NULL
)
SELECT
    used.category_id AS data_category,
    c.category_id IS NOT NULL AS in_register,
    c.name,
    c.description,
    c.special
FROM used
LEFT JOIN data_categories AS c ON c.category_id = used.category_id
ORDER BY used.category_id
