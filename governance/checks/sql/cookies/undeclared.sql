-- id: cookies.undeclared
-- title: Cookies the cookie register does not declare
-- severity: medium
-- section: 9
-- keys: cookie_name, domain
-- description: Cookies observed on the site in the period that the register's cookie list does
--   not hold, so the cookie notice (policy 9.2-9.3) cannot tell visitors about them.
-- remediation: Declare each cookie (category, lifetime, provider, purpose) or remove the script
--   that sets it.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT o.cookie_name, o.domain, min(o.observed_at) AS first_seen, count(*) AS observations
FROM cookie_observations o
JOIN ctx ON o.observed_at >= ctx.period_start AND o.observed_at < ctx.period_end
LEFT JOIN cookies c ON c.cookie_name = o.cookie_name AND c.domain = o.domain
WHERE c.cookie_name IS NULL
GROUP BY o.cookie_name, o.domain
