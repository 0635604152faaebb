-- Accesses with no grant of that employee to that system active at that moment, per system and
-- month over the trend window: the rule of access.unauthorised, applied month by month so the
-- trend does not need a check run for every month.
WITH windows AS (
    SELECT w AS window_start, w + to_months($step_months) AS window_end
    FROM range($window_start::TIMESTAMPTZ, $window_end::TIMESTAMPTZ, to_months($step_months)) AS t(w)
),
unauthorised AS (
    SELECT l.system_id, l.occurred_at
    FROM access_log l
    WHERE l.occurred_at >= $window_start::TIMESTAMPTZ AND l.occurred_at < $window_end::TIMESTAMPTZ
      AND NOT EXISTS (
          SELECT 1 FROM access_grants g
          WHERE g.employee_id = l.employee_id AND g.system_id = l.system_id
            AND g.granted_at <= l.occurred_at
            AND (g.revoked_at IS NULL OR g.revoked_at > l.occurred_at)
      )
)
SELECT strftime(w.window_start, '%Y-%m') AS month,
       coalesce(s.name, u.system_id) AS system,
       count(*) AS accesses
FROM windows w
JOIN unauthorised u ON u.occurred_at >= w.window_start AND u.occurred_at < w.window_end
LEFT JOIN systems s ON s.system_id = u.system_id
GROUP BY ALL
ORDER BY month, system
