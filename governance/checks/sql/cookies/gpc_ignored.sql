-- id: cookies.gpc_ignored
-- title: Global Privacy Control ignored
-- severity: high
-- section: 9
-- keys: evidence, visitor, occurred_at, cookie_name, domain
-- description: A browser sending Global Privacy Control (the Sec-GPC: 1 header, `gpc` on a cookie
--   consent or an observation) says "do not sell or share my data". Reported: a marketing opt-in
--   recorded in the period for a visitor whose browser had sent the signal (on that event or an
--   earlier one: the signal stands until the browser stops sending it, which the banner cannot
--   see), and a marketing cookie (declared, or so by the reference) set during a visit whose
--   browser sent it. Law 94-V names no such signal: under the kz pack this holds the company to
--   its own promise (policy 4.1: no disclosure to third parties without consent).
-- remediation: Treat the signal as a marketing opt-out: record it, do not offer a marketing
--   opt-in against it, and do not load advertising tags for that browser.
WITH ctx AS (SELECT period_start, period_end FROM scope),
signalled AS (
    SELECT visitor_id, min(occurred_at) AS first_signal
    FROM cookie_consents
    WHERE gpc AND occurred_at < (SELECT period_end FROM ctx)
    GROUP BY visitor_id
)
SELECT 'consent' AS evidence, c.visitor_id AS visitor, c.occurred_at AS occurred_at,
       CAST(NULL AS VARCHAR) AS cookie_name, CAST(NULL AS VARCHAR) AS domain,
       CAST(NULL AS VARCHAR) AS page_url, s.first_signal AS gpc_first_sent,
       'marketing opt-in recorded after the browser sent GPC' AS detail
FROM cookie_consents c
JOIN ctx ON c.occurred_at >= ctx.period_start AND c.occurred_at < ctx.period_end
JOIN signalled s ON s.visitor_id = c.visitor_id AND s.first_signal <= c.occurred_at
WHERE c.cookie_category = 'marketing' AND c.action = 'grant'
UNION ALL
SELECT 'cookie' AS evidence, coalesce(o.visit_id, '') AS visitor, o.observed_at AS occurred_at,
       o.cookie_name, o.domain, o.page_url, CAST(NULL AS TIMESTAMPTZ) AS gpc_first_sent,
       'marketing cookie set during a visit that sent GPC (' || k.category_basis || ')' AS detail
FROM cookie_observations o
JOIN ctx ON o.observed_at >= ctx.period_start AND o.observed_at < ctx.period_end
JOIN cookie_classes k ON k.cookie_name = o.cookie_name AND k.domain = o.domain
WHERE o.gpc AND k.category = 'marketing'
