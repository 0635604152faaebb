-- Register facts behind the cookies named in the findings of ($run_id, $check_id): the
-- category the cookie register gives, or in_register false for a cookie it does not hold.
WITH named AS (
    SELECT DISTINCT
        json_extract_string(details, '$.cookie_name') AS cookie_name,
        json_extract_string(details, '$.domain') AS domain
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.cookie_name,
    named.domain,
    c.cookie_name IS NOT NULL AS in_register,
    c.category,
    c.lifetime_days,
    c.provider,
    c.purpose
FROM named
LEFT JOIN cookies AS c ON c.cookie_name = named.cookie_name AND c.domain = named.domain
WHERE named.cookie_name IS NOT NULL
ORDER BY named.cookie_name, named.domain
