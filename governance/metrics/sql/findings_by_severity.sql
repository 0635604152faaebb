-- Findings of the scope's results by severity (every severity listed, most severe first), and how many
-- checks of that severity failed.
SELECT s.severity,
       CAST(coalesce(sum(r.finding_count), 0) AS BIGINT) AS findings,
       count(r.check_id) FILTER (WHERE r.finding_count > 0) AS checks_failing
FROM (VALUES ('critical', 4), ('high', 3), ('medium', 2), ('low', 1)) AS s(severity, rank)
LEFT JOIN scope_results r ON r.severity = s.severity
GROUP BY s.severity, s.rank
ORDER BY s.rank DESC
