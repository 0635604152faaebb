-- Every violating row one run stored, optionally only some checks and severities.
SELECT r.run_id, r.check_id, r.title, r.severity, f.finding_key, f.details
FROM check_results r
JOIN findings f USING (run_id, check_id)
WHERE r.run_id = $run_id
  AND ($check_ids IS NULL OR list_contains($check_ids, r.check_id))
  AND list_contains($severities, r.severity)
ORDER BY r.check_id, f.finding_key
