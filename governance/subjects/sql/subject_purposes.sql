-- The purposes the subject's data was processed, disclosed or consented for: the one
-- definition the register queries share (register/purposes.sql, register/processing_activities.sql).
-- A TEMP table on the package's own cursor, so a read-only connection will do.
CREATE OR REPLACE TEMP TABLE subject_purposes AS
SELECT purpose_id FROM processing_log WHERE subject_id = $subject_id
UNION
SELECT purpose_id FROM disclosures WHERE subject_id = $subject_id
UNION
SELECT purpose_id
FROM consent_events
WHERE subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
