-- Every direct identifier the database holds, for the report guard (publish/guard.py), in two
-- columns: `token`, lower-cased, matched as a whole token of the report's text (subject ids,
-- e-mails, names, employee and visitor ids), and `phone`, digits only and without the country
-- code 7 or 8 of an 11-digit number, so +7 701 234 56 78, 8 701 234 56 78 and 7012345678 are
-- one number. Values shorter than four characters (phones: seven digits) would match ordinary
-- words and figures; they are left out.
WITH phones AS (
    SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS digits FROM subjects
)
SELECT DISTINCT lower(v) AS token, NULL AS phone
FROM (
    SELECT unnest([subject_id, full_name, email]) AS v FROM subjects
    UNION ALL SELECT employee_id FROM employees
    UNION ALL SELECT visitor_id FROM cookie_consents
)
WHERE v IS NOT NULL AND length(v) >= 4
UNION ALL
SELECT DISTINCT NULL, CASE
    WHEN length(digits) = 11 AND left(digits, 1) IN ('7', '8') THEN digits[2:]
    ELSE digits
END
FROM phones
WHERE length(digits) >= 7
