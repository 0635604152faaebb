-- The subject's rows of data_inventory, as stored (extra columns of the event file included).
SELECT *
FROM data_inventory
WHERE subject_id = $subject_id
ORDER BY load_id, source_line
