-- id: cookies.before_consent
-- title: Non-essential cookies set before consent
-- severity: high
-- section: 9
-- keys: observed_at, cookie_name, domain, page_url
-- description: Functional, analytics or marketing cookies observed being set before the visitor
--   consented. Continued use of the site (policy 9.6) is no consent for them.
-- remediation: Load the tags that set these cookies only after the consent banner records an
--   opt-in for their category.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT o.observed_at, o.cookie_name, o.domain, o.page_url, c.category
FROM cookie_observations o
JOIN ctx ON o.observed_at >= ctx.period_start AND o.observed_at < ctx.period_end
JOIN cookies c ON c.cookie_name = o.cookie_name AND c.domain = o.domain
WHERE o.set_before_consent AND c.category <> 'strictly_necessary'
