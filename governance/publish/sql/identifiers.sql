-- Every direct identifier the database holds, for the report guard (publish/guard.py), in two
-- columns: `token`, lower-cased, matched as a whole token of the report's text (subject ids,
-- e-mails, names, employee and visitor ids), and `phone`, digits only and without the country
-- code 7 or 8 of an 11-digit number, so +7 701 234 56 78, 8 701 234 56 78 and 7012345678 are
-- one number. Values shorter than four characters (phones: seven digits) would match ordinary
-- words and figures; they are left out.
-- Left out too: what the register publishes on purpose. The RoPA and the policy name the
-- responsible person, the DPO and the contact with their e-mails and phones, and the owners,
-- systems and recipients the company declares. Among a million subjects, one will share such a
-- name; the page then shows the public fact, not the subject (who is not named elsewhere on it:
-- the subject's id, e-mail and phone are still identifiers unless they too are the register's).
WITH phones AS (
    SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS digits FROM subjects
),
public AS (
    SELECT DISTINCT lower(trim(v)) AS v
    FROM (
        SELECT unnest([name, responsible_name, responsible_email, dpo_name, dpo_email,
                       contact_email]) AS v
        FROM organisation
        UNION ALL SELECT name FROM systems
        UNION ALL SELECT owner FROM systems
        UNION ALL SELECT owner FROM security_measures
        UNION ALL SELECT name FROM recipients
    )
    WHERE v IS NOT NULL
),
public_phones AS (
    SELECT DISTINCT CASE
        WHEN length(d) = 11 AND left(d, 1) IN ('7', '8') THEN d[2:] ELSE d
    END AS digits
    FROM (
        SELECT regexp_replace(unnest([responsible_phone, dpo_phone, contact_phone]), '[^0-9]', '',
                              'g') AS d
        FROM organisation
    )
)
SELECT DISTINCT lower(v) AS token, NULL AS phone
FROM (
    SELECT unnest([subject_id, full_name, email]) AS v FROM subjects
    UNION ALL SELECT employee_id FROM employees
    UNION ALL SELECT visitor_id FROM cookie_consents
)
WHERE v IS NOT NULL AND length(v) >= 4
  AND lower(trim(v)) NOT IN (SELECT v FROM public)
UNION ALL
SELECT DISTINCT NULL, CASE
    WHEN length(digits) = 11 AND left(digits, 1) IN ('7', '8') THEN digits[2:]
    ELSE digits
END
FROM phones
WHERE length(digits) >= 7
  AND CASE WHEN length(digits) = 11 AND left(digits, 1) IN ('7', '8') THEN digits[2:]
      ELSE digits END NOT IN (SELECT digits FROM public_phones WHERE digits IS NOT NULL)
