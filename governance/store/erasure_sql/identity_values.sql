-- The values that identify $subject_id, to find in quarantine: the id, and the name, e-mail and
-- phone of their subjects row and of every quarantined subjects row with their id (a refused
-- row may spell them differently). `needle` is what is searched for: the id as it is (ids are
-- case-sensitive and matched whole), names and e-mails lower-cased, phones as their digits.
-- Needles too short to be specific (a two-letter name, a phone of fewer than 7 digits) are left
-- out, so that a common value does not redact other people's rows.
CREATE OR REPLACE TEMP TABLE erasure_identity AS
WITH found AS (
    SELECT 'id' AS kind, $subject_id AS value
    UNION ALL
    SELECT unnest(['name', 'email', 'phone']), unnest([full_name, email, phone])
    FROM subjects
    WHERE subject_id = $subject_id
    UNION ALL
    SELECT
        unnest(['name', 'email', 'phone']),
        unnest([raw_row ->> '$.full_name', raw_row ->> '$.email', raw_row ->> '$.phone'])
    FROM quarantine
    WHERE kind = 'subjects'
        AND json_type(raw_row) = 'OBJECT'
        AND trim(raw_row ->> '$.subject_id') = $subject_id
),
needles AS (
    SELECT
        kind,
        trim(value) AS value,
        CASE kind
            WHEN 'id' THEN trim(value)
            WHEN 'phone' THEN regexp_replace(value, '[^0-9]', '', 'g')
            ELSE lower(trim(value))
        END AS needle
    FROM found
    WHERE value IS NOT NULL
)
SELECT DISTINCT kind, value, needle
FROM needles
WHERE CASE kind
    WHEN 'id' THEN length(needle) > 0
    WHEN 'phone' THEN length(needle) >= 7
    ELSE length(needle) >= 3
END;
