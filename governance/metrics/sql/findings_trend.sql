-- Findings by severity for each checked period of the scope's kind and framework, from
-- $window_start up to the scope's period: the latest result of each check of each period
-- (rules/latest_results.sql). Periods never checked are absent.
-- params: $window_start
SELECT l.period, l.period_start, s.severity, s.rank,
       CAST(coalesce(sum(l.finding_count) FILTER (WHERE l.severity = s.severity), 0) AS BIGINT)
         AS findings
FROM latest_results l
CROSS JOIN (VALUES ('critical', 4), ('high', 3), ('medium', 2), ('low', 1)) AS s(severity, rank)
WHERE l.period_kind = (SELECT period_kind FROM scope)
  AND l.period_start >= $window_start
  AND l.period_start <= (SELECT period_start FROM scope)
GROUP BY l.period, l.period_start, s.severity, s.rank
ORDER BY l.period_start, s.rank DESC
