-- The pseudonym that stands for the subject in the consent ledger (a keyed hash of the id).
SELECT *
FROM subject_keys
WHERE subject_id = $subject_id
ORDER BY subject_key
