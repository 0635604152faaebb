-- Whose data the Company processes (policy section 1), in register order.
SELECT subject_type_id AS id, name, description
FROM subject_types
ORDER BY rowid
