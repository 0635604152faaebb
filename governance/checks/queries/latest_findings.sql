-- The findings a person acts on for the scope's period: every violating row of each check's
-- latest result (scope_results, rules/latest_results.sql: per check, so a partial re-run does
-- not hide the other checks' findings), optionally only some checks and severities.
SELECT r.run_id, r.check_id, r.title, r.severity, f.finding_key, f.details
FROM scope_results r
JOIN findings f USING (run_id, check_id)
WHERE ($check_ids IS NULL OR list_contains($check_ids, r.check_id))
  AND list_contains($severities, r.severity)
ORDER BY r.check_id, f.finding_key
