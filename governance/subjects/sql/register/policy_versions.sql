-- The privacy policy versions the subject accepted or consented under.
WITH used AS (
    SELECT policy_version AS version FROM policy_acceptances WHERE subject_id = $subject_id
    UNION
    SELECT policy_version
    FROM consent_events
    WHERE subject_key IN (SELECT subject_key FROM subject_keys WHERE subject_id = $subject_id)
      AND policy_version IS NOT NULL
)
SELECT
    used.version,
    v.version IS NOT NULL AS in_register,
    CAST(v.published_at AS VARCHAR) AS published_at,
    v.material_change,
    v.summary
FROM used
LEFT JOIN policy_versions AS v ON v.version = used.version
ORDER BY used.version
