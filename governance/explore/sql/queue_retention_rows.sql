-- The retention queue for one system ($system_id) and owner ($owner); NULL means any.
SELECT *
FROM explorer_retention_queue
WHERE ($system_id IS NULL OR system_id = $system_id)
  AND ($owner IS NULL OR owner = $owner)
ORDER BY due_at, system_id, record_id
