-- Cookie banner opt-in per month and category: of the visitors who answered the banner in the
-- month (any cookie_consents row), the share whose last choice in the month for the category
-- is a grant (a withdraw wins a tie). Categories are the register's non-essential ones.
WITH windows AS (
    SELECT w AS window_start, w + to_months($step_months) AS window_end
    FROM range($window_start::TIMESTAMPTZ, $window_end::TIMESTAMPTZ, to_months($step_months)) AS t(w)
),
categories AS (
    SELECT DISTINCT category FROM cookies WHERE category <> 'strictly_necessary'
),
choices AS (
    SELECT w.window_start, c.visitor_id, c.cookie_category, c.action
    FROM windows w
    JOIN cookie_consents c ON c.occurred_at >= w.window_start AND c.occurred_at < w.window_end
    QUALIFY row_number() OVER (
        PARTITION BY w.window_start, c.visitor_id, c.cookie_category
        ORDER BY c.occurred_at DESC, c.action = 'withdraw' DESC, c.event_id DESC
    ) = 1
),
answering AS (
    SELECT window_start, count(DISTINCT visitor_id) AS visitors FROM choices GROUP BY ALL
),
opted AS (
    SELECT window_start, cookie_category AS category, count(*) AS opted_in
    FROM choices
    WHERE action = 'grant'
    GROUP BY ALL
)
SELECT strftime(w.window_start, '%Y-%m') AS month,
       k.category,
       coalesce(a.visitors, 0) AS visitors,
       coalesce(o.opted_in, 0) AS opted_in,
       coalesce(o.opted_in, 0) / nullif(a.visitors, 0) AS opt_in_rate
FROM windows w
CROSS JOIN categories k
LEFT JOIN answering a ON a.window_start = w.window_start
LEFT JOIN opted o ON o.window_start = w.window_start AND o.category = k.category
ORDER BY w.window_start, k.category
