-- The systems holding, processing or giving access to the subject's data, and the country
-- each is hosted in.
WITH used AS (
    SELECT system_id FROM data_inventory WHERE subject_id = $subject_id
    UNION
    SELECT system_id FROM processing_log WHERE subject_id = $subject_id
    UNION
    SELECT system_id FROM access_log WHERE subject_id = $subject_id
)
SELECT
    used.system_id,
    s.system_id IS NOT NULL AS in_register,
    s.name,
    s.description,
    s.hosting_country
FROM used
LEFT JOIN systems AS s ON s.system_id = used.system_id
ORDER BY used.system_id
