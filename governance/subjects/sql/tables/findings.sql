-- Compliance findings about the subject (rows a check returned naming them), per check run.
SELECT
    f.run_id,
    r.period,
    r.framework,
    f.check_id,
    f.severity,
    f.finding_key,
    f.details
FROM findings AS f
JOIN check_runs AS r ON r.run_id = f.run_id
WHERE json_extract_string(f.details, '$.subject_id') = $subject_id
ORDER BY f.run_id, f.check_id, f.finding_key
