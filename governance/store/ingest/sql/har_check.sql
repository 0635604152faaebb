-- Whether a file is a HAR file at all, before anything is staged: it is JSON (a file cut short is
-- not) and its `log.entries` is a list. A UTF-8 byte order mark (some proxies write one) is not
-- part of the JSON.
-- The consent cookies the register declares (`records_consent: true`): without one, no HAR file
-- can say which cookies were set before consent.
WITH doc AS (
    SELECT CASE WHEN starts_with(content, chr(65279)) THEN content[2:] ELSE content END AS text
    FROM read_text($path)
)
SELECT
    json_valid(text) AS is_json,
    CASE WHEN json_valid(text) THEN json_type(text, '$.log.entries') END AS entries_type,
    (SELECT count(*) FROM cookies WHERE records_consent) AS consent_cookies
FROM doc
