-- Register facts behind the security measures named in the findings of ($run_id, $check_id).
WITH named AS (
    SELECT DISTINCT json_extract_string(details, '$.measure_id') AS measure_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.measure_id,
    m.name,
    m.kind,
    m.owner,
    m.last_review,
    m.review_interval_days,
    m.status
FROM named
LEFT JOIN security_measures AS m ON m.measure_id = named.measure_id
WHERE named.measure_id IS NOT NULL
ORDER BY named.measure_id
