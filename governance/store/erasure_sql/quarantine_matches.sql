-- The quarantine rows that hold one of the identifying values (erasure_identity): in any value
-- of raw_row (the row as read; a line set aside by the reader is one text value), in raw_value
-- or in the reason, which can quote a value. The id is matched as a whole token (S-1 must not
-- match S-10), names and e-mails anywhere in a value, phones by their digits.
-- `reason_quotes`: the reason itself quotes the subject's data and cannot be kept.
CREATE OR REPLACE TEMP TABLE erasure_quarantine AS
WITH texts AS (
    SELECT q.rowid AS row_id, 'raw_row' AS source, j.value ->> '$' AS text
    FROM quarantine AS q, json_each(q.raw_row) AS j
    UNION ALL
    SELECT rowid, 'raw_value', raw_value FROM quarantine WHERE raw_value IS NOT NULL
    UNION ALL
    SELECT rowid, 'reason', reason FROM quarantine
),
matches AS (
    SELECT texts.row_id, texts.source
    FROM texts
    JOIN erasure_identity AS i ON CASE i.kind
        WHEN 'id' THEN trim(texts.text) = i.needle
            OR list_contains(string_split_regex(texts.text, '[\s,;:|"''()\[\]{}<>=]+'), i.needle)
        WHEN 'phone' THEN contains(regexp_replace(texts.text, '[^0-9]', '', 'g'), i.needle)
        ELSE contains(lower(texts.text), i.needle)
    END
    WHERE texts.text IS NOT NULL
)
SELECT row_id, bool_or(source = 'reason') AS reason_quotes
FROM matches
GROUP BY row_id;
