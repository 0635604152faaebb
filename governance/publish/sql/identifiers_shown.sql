-- The identifiers a set of pages shows: the candidates cut from each page's visible text
-- (publish/guard.py, TEMP table guard_candidates: page, kind 'token' or 'phone', value) that
-- equal a direct identifier of the database (the rule of identifiers.sql, whose set this is).
-- The candidates are a few thousand per page, the identifiers millions: joining here reads each
-- identifier column once and moves only the matches to Python, so the guard's cost is the
-- database's scan, not millions of strings copied into a Python set (9 s at 1 M subjects).
WITH public AS (
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
),
wanted_tokens AS (
    SELECT DISTINCT value FROM guard_candidates
    WHERE kind = 'token' AND length(value) >= 4 AND value NOT IN (SELECT v FROM public)
),
wanted_phones AS (
    SELECT DISTINCT value FROM guard_candidates
    WHERE kind = 'phone' AND value NOT IN (SELECT digits FROM public_phones WHERE digits IS NOT NULL)
),
tokens AS (
    SELECT lower(v) AS value
    FROM (
        SELECT unnest([subject_id, full_name, email]) AS v FROM subjects
        UNION ALL SELECT employee_id FROM employees
        UNION ALL SELECT visitor_id FROM cookie_consents
    )
    WHERE lower(v) IN (SELECT value FROM wanted_tokens)
),
phones AS (
    SELECT CASE WHEN length(d) = 11 AND left(d, 1) IN ('7', '8') THEN d[2:] ELSE d END AS value
    FROM (SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS d FROM subjects)
),
shown AS (
    SELECT DISTINCT value FROM tokens
    UNION ALL
    SELECT DISTINCT value FROM phones WHERE value IN (SELECT value FROM wanted_phones)
)
SELECT DISTINCT c.page, c.value
FROM guard_candidates c
JOIN shown s ON s.value = c.value
ORDER BY c.page, c.value
