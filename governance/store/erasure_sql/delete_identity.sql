-- Delete the identity and the key mapping of $subject_id. consent_events is not touched: its
-- rows carry only the key and stay as evidence.
DELETE FROM subject_keys WHERE subject_id = $subject_id;

DELETE FROM subjects WHERE subject_id = $subject_id;

DROP TABLE IF EXISTS erasure_identity;

DROP TABLE IF EXISTS erasure_quarantine;
