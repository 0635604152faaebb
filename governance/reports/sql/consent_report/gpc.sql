-- Global Privacy Control per month: visitors answering the banner, those whose browser sent
-- the GPC signal, and those of them for whom a marketing opt-out was recorded with the signal
-- (a GPC visitor without one is a signal not honoured).
WITH windows AS (
    SELECT w AS window_start, w + to_months($step_months) AS window_end
    FROM range($window_start::TIMESTAMPTZ, $window_end::TIMESTAMPTZ, to_months($step_months)) AS t(w)
),
events AS (
    SELECT w.window_start, c.visitor_id, coalesce(c.gpc, false) AS gpc,
           c.cookie_category = 'marketing' AND c.action = 'withdraw' AS marketing_opt_out
    FROM windows w
    JOIN cookie_consents c ON c.occurred_at >= w.window_start AND c.occurred_at < w.window_end
),
per_window AS (
    SELECT window_start,
           count(DISTINCT visitor_id) AS visitors,
           count(DISTINCT visitor_id) FILTER (WHERE gpc) AS gpc_visitors,
           count(DISTINCT visitor_id) FILTER (WHERE gpc AND marketing_opt_out) AS gpc_opted_out
    FROM events
    GROUP BY ALL
)
SELECT strftime(w.window_start, '%Y-%m') AS month,
       coalesce(p.visitors, 0) AS visitors,
       coalesce(p.gpc_visitors, 0) AS gpc_visitors,
       coalesce(p.gpc_opted_out, 0) AS gpc_opted_out,
       p.gpc_visitors / nullif(p.visitors, 0) AS gpc_share
FROM windows w
LEFT JOIN per_window p USING (window_start)
ORDER BY w.window_start
