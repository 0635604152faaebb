-- Map the staged batch's new subjects to their keyed pseudonyms ($staged: the staged table).
INSERT INTO subject_keys (subject_id, subject_key)
SELECT staged.subject_id, subject_key(staged.subject_id)
FROM (SELECT DISTINCT subject_id FROM query_table($staged)) AS staged
WHERE NOT EXISTS (
    SELECT 1 FROM subject_keys AS known WHERE known.subject_id = staged.subject_id
);
