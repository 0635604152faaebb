-- Disclosures per month and recipient over the trend window.
WITH windows AS (
    SELECT w AS window_start, w + to_months($step_months) AS window_end
    FROM range($window_start::TIMESTAMPTZ, $window_end::TIMESTAMPTZ, to_months($step_months)) AS t(w)
),
per_month AS (
    SELECT w.window_start, d.recipient_id, count(*) AS disclosures
    FROM windows w
    JOIN disclosures d ON d.disclosed_at >= w.window_start AND d.disclosed_at < w.window_end
    GROUP BY ALL
),
seen AS (SELECT DISTINCT recipient_id FROM per_month)
SELECT strftime(w.window_start, '%Y-%m') AS month,
       coalesce(r.name, x.recipient_id) AS recipient,
       coalesce(p.disclosures, 0) AS disclosures
FROM windows w
CROSS JOIN seen x
LEFT JOIN per_month p ON p.window_start = w.window_start AND p.recipient_id = x.recipient_id
LEFT JOIN recipients r ON r.recipient_id = x.recipient_id
ORDER BY w.window_start, recipient
