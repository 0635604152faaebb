-- The systems and owners the queue pickers offer.
SELECT system_id, name, owner FROM systems ORDER BY system_id
