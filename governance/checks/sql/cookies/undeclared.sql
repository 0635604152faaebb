-- id: cookies.undeclared
-- title: Cookies the cookie register does not declare
-- severity: medium
-- section: 9
-- keys: cookie_name, domain
-- description: Cookies observed on the site in the period that no declaration of the register's
--   cookie list matches (by name or pattern, on the domain or a parent domain), so the cookie
--   notice (policy 9.2-9.3) cannot tell visitors about them. Each shows what the reference of
--   known cookies suggests (category, platform, controller) and whether it was ever set before
--   consent; an undeclared analytics or marketing cookie set before consent is high. A cookie is
--   its name on its domain as compared (lower case, no leading dot: `.metrix.kz` and
--   `metrix.kz` are one), so one undeclared cookie is one finding.
-- remediation: Declare each cookie (category, lifetime, provider, purpose) or remove the script
--   that sets it; start with the high ones, trackers that run before the visitor chose.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT o.cookie_name, k.domain_key AS domain, min(o.observed_at) AS first_seen,
       count(*) AS observations,
       any_value(k.category) AS suggested_category,
       any_value(k.category_basis) AS category_basis,
       any_value(k.platform) AS platform,
       any_value(k.controller) AS controller,
       max(CASE WHEN k.before_consent_ever THEN 1 ELSE 0 END) = 1 AS set_before_consent,
       CASE WHEN any_value(k.category) IN ('analytics', 'marketing')
                 AND max(CASE WHEN k.before_consent_ever THEN 1 ELSE 0 END) = 1
            THEN 'high' ELSE 'medium' END AS severity
FROM cookie_observations o
JOIN ctx ON o.observed_at >= ctx.period_start AND o.observed_at < ctx.period_end
JOIN cookie_classes k ON k.cookie_name = o.cookie_name AND k.domain = o.domain
WHERE k.declared_category IS NULL
GROUP BY o.cookie_name, k.domain_key
