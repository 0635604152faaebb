-- Requests received per month over the trend window, all types together.
WITH windows AS (
    SELECT w AS window_start, w + to_months($step_months) AS window_end
    FROM range($window_start::TIMESTAMPTZ, $window_end::TIMESTAMPTZ, to_months($step_months)) AS t(w)
)
SELECT strftime(w.window_start, '%Y-%m') AS month,
       count(r.received_at) AS received
FROM windows w
LEFT JOIN report_request_deadlines r
  ON r.received_at >= w.window_start AND r.received_at < w.window_end
GROUP BY w.window_start
ORDER BY w.window_start
