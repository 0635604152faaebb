-- id: cookies.before_consent
-- title: Non-essential cookies set before consent
-- severity: high
-- section: 9
-- keys: observed_at, cookie_name, domain, page_url
-- description: Functional, analytics or marketing cookies observed being set before the visitor
--   consented, declared or not: an undeclared cookie's category comes from the reference of known
--   cookies, and category_basis says which. Continued use of the site (policy 9.6) is no consent.
--   Strictly necessary cookies (sessions, security, load balancing, the consent cookie itself)
--   need no consent, and a cookie whose category nobody can tell is left to cookies.undeclared.
-- remediation: Load the tags that set these cookies only after the consent banner records an
--   opt-in for their category; declare the undeclared ones.
WITH ctx AS (SELECT period_start, period_end FROM scope)
SELECT o.observed_at, o.cookie_name, o.domain, o.page_url, k.category, k.category_source,
       k.category_basis, k.platform
FROM cookie_observations o
JOIN ctx ON o.observed_at >= ctx.period_start AND o.observed_at < ctx.period_end
JOIN cookie_classes k ON k.cookie_name = o.cookie_name AND k.domain = o.domain
WHERE o.set_before_consent
  AND k.category IN ('functional', 'analytics', 'marketing')
  AND NOT k.records_consent
