-- Erasures recorded for the subject's pseudonym. After an erasure the key mapping is gone, so
-- the pseudonym is recomputed from the id with the bound pseudonym key (`governance subject`
-- binds GOVERNANCE_PSEUDONYM_KEY when it is set); without the key an erased subject's record
-- is not found here.
SELECT *
FROM subject_erasures
WHERE subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
   OR subject_key = CASE WHEN getvariable('pseudonym_key') IS NOT NULL
                         THEN subject_key($subject_id) END
ORDER BY erased_at
