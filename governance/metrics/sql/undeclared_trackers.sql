-- Undeclared cookies by platform: the findings of cookies.undeclared in the scope's results (the
-- latest result of the period, rules/scope_results.sql), grouped by the platform the reference of
-- known cookies names. Cookies are facts about the site: nothing here counts or names a visitor.
--   platform            as the reference names it; 'unknown platform' (last) when it names none
--   category            the most intrusive category suggested for the platform's cookies
--   cookies             undeclared cookies (distinct name and domain)
--   tracking_cookies    of those, suggested analytics or marketing (the dashboard's figure)
--   set_before_consent  of those, set before consent at least once up to the period's end
--   observations        times they were observed in the period
-- No rows when the period has no complete result of the check (never run, or errored).
WITH undeclared AS (
    SELECT json_extract_string(f.details, '$.cookie_name') AS cookie_name,
           json_extract_string(f.details, '$.domain') AS domain,
           json_extract_string(f.details, '$.platform') AS platform,
           coalesce(json_extract_string(f.details, '$.suggested_category'), 'unknown') AS category,
           coalesce(json_extract_string(f.details, '$.set_before_consent') = 'true', false)
               AS before_consent,
           coalesce(CAST(json_extract_string(f.details, '$.observations') AS BIGINT), 0)
               AS observations
    FROM scope_results r
    JOIN findings f ON f.run_id = r.run_id AND f.check_id = r.check_id
    WHERE r.check_id = 'cookies.undeclared' AND r.status <> 'errored'
),
-- the order of rules/cookie_classes.sql: the more a category tracks, the higher
intrusion AS (
    SELECT * FROM (VALUES ('marketing', 4), ('analytics', 3), ('functional', 2),
                          ('strictly_necessary', 1), ('unknown', 0)) AS t(category, level)
),
by_platform AS (
    SELECT u.platform,
           max(coalesce(i.level, 0)) AS level,
           count(DISTINCT (u.cookie_name, u.domain)) AS cookies,
           count(DISTINCT (u.cookie_name, u.domain))
               FILTER (WHERE u.category IN ('analytics', 'marketing')) AS tracking_cookies,
           count(DISTINCT (u.cookie_name, u.domain)) FILTER (WHERE u.before_consent)
               AS set_before_consent,
           sum(u.observations) AS observations
    FROM undeclared u
    LEFT JOIN intrusion i ON i.category = u.category
    GROUP BY u.platform
)
SELECT coalesce(b.platform, 'unknown platform') AS platform,
       i.category,
       b.cookies,
       b.tracking_cookies,
       b.set_before_consent,
       CAST(b.observations AS BIGINT) AS observations
FROM by_platform b
JOIN intrusion i ON i.level = b.level
ORDER BY b.platform IS NULL, b.level DESC, b.cookies DESC, b.platform
