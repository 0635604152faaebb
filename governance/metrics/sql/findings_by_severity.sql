-- Findings of the scope's results by severity (every severity listed, most severe first), and how many
-- checks of that severity failed. Findings are counted by their own severity (a check may grade
-- its rows: cookies.undeclared), checks by their result's (their most severe finding's).
WITH levels AS (
    SELECT * FROM (VALUES ('critical', 4), ('high', 3), ('medium', 2), ('low', 1)) AS s(severity, rank)
),
graded AS (
    SELECT f.severity, count(*) AS findings
    FROM scope_results r
    JOIN findings f ON f.run_id = r.run_id AND f.check_id = r.check_id
    GROUP BY f.severity
),
failing AS (
    SELECT severity, count(*) AS checks_failing
    FROM scope_results
    WHERE finding_count > 0
    GROUP BY severity
)
SELECT s.severity,
       CAST(coalesce(g.findings, 0) AS BIGINT) AS findings,
       coalesce(c.checks_failing, 0) AS checks_failing
FROM levels s
LEFT JOIN graded g ON g.severity = s.severity
LEFT JOIN failing c ON c.severity = s.severity
ORDER BY s.rank DESC
