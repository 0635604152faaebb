-- Findings by severity for each checked period of the scope's kind and framework, from
-- $window_start up to the scope's period: the latest result of each check of each period
-- (rules/latest_results.sql), its findings counted by their own severity. Periods never checked
-- are absent.
-- params: $window_start
WITH results AS (
    SELECT l.period, l.period_start, l.run_id, l.check_id
    FROM latest_results l
    WHERE l.period_kind = (SELECT period_kind FROM scope)
      AND l.period_start >= $window_start
      AND l.period_start <= (SELECT period_start FROM scope)
),
graded AS (
    SELECT r.period, f.severity, count(*) AS findings
    FROM results r
    JOIN findings f ON f.run_id = r.run_id AND f.check_id = r.check_id
    GROUP BY r.period, f.severity
)
SELECT p.period, p.period_start, s.severity, s.rank,
       CAST(coalesce(g.findings, 0) AS BIGINT) AS findings
FROM (SELECT DISTINCT period, period_start FROM results) p
CROSS JOIN (VALUES ('critical', 4), ('high', 3), ('medium', 2), ('low', 1)) AS s(severity, rank)
LEFT JOIN graded g ON g.period = p.period AND g.severity = s.severity
ORDER BY p.period_start, s.rank DESC
