-- Records deleted or anonymised per month and system over the trend window.
WITH windows AS (
    SELECT w AS window_start, w + to_months($step_months) AS window_end
    FROM range($window_start::TIMESTAMPTZ, $window_end::TIMESTAMPTZ, to_months($step_months)) AS t(w)
),
per_month AS (
    SELECT w.window_start, i.system_id, count(*) AS deleted
    FROM windows w
    JOIN data_inventory i ON i.deleted_at >= w.window_start AND i.deleted_at < w.window_end
    GROUP BY ALL
),
systems_seen AS (SELECT DISTINCT system_id FROM per_month)
SELECT strftime(w.window_start, '%Y-%m') AS month,
       coalesce(s.name, x.system_id) AS system,
       coalesce(p.deleted, 0) AS deleted
FROM windows w
CROSS JOIN systems_seen x
LEFT JOIN per_month p ON p.window_start = w.window_start AND p.system_id = x.system_id
LEFT JOIN systems s ON s.system_id = x.system_id
ORDER BY w.window_start, system
