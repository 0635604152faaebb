-- The checks of one run ($run_id) that have something to look at: findings, or an error.
-- Most severe first, then by id.
SELECT
    check_id,
    title,
    severity,
    status,
    finding_count,
    policy_section,
    articles,
    error_message
FROM check_results
WHERE run_id = $run_id AND (finding_count > 0 OR status = 'errored')
ORDER BY
    CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END,
    check_id
