-- Erase $subject_id: record its key as erased, then delete the key mapping and the identity.
-- consent_events is not touched: its rows carry only the key and stay as evidence.
INSERT INTO subject_erasures (subject_key, erased_at)
SELECT DISTINCT subject_key, now() FROM subject_keys WHERE subject_id = $subject_id;

DELETE FROM subject_keys WHERE subject_id = $subject_id;

DELETE FROM subjects WHERE subject_id = $subject_id;
