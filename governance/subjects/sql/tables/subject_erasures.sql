-- Erasures recorded for the subject's pseudonym (empty while the key mapping exists, unless
-- the subject came back after an erasure).
SELECT *
FROM subject_erasures
WHERE subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
ORDER BY erased_at
