-- Policy-version coverage: the subjects active in the period (processing_log rows in it), by
-- the policy version they had accepted last before the period end, beside every version
-- published by then. `current` marks the version in force; `covers_material` whether accepting
-- it covers the material version in force (the latest version marked as a material change),
-- as the check policy.outdated_acceptance decides.
WITH active AS (
    SELECT DISTINCT subject_id
    FROM processing_log
    WHERE occurred_at >= (SELECT period_start FROM scope) AND occurred_at < (SELECT period_end FROM scope)
),
published AS (
    SELECT version, published_at, material_change
    FROM policy_versions
    WHERE published_at < CAST((SELECT period_end FROM scope) AS DATE)
),
material AS (
    SELECT max(published_at) AS published_at FROM published WHERE material_change
),
latest AS (
    SELECT a.subject_id, arg_max(pa.policy_version, pa.accepted_at) AS version
    FROM active a
    LEFT JOIN policy_acceptances pa
      ON pa.subject_id = a.subject_id AND pa.accepted_at < (SELECT period_end FROM scope)
    GROUP BY a.subject_id
),
per_version AS (
    SELECT version, count(*) AS subjects FROM latest GROUP BY version
),
total AS (SELECT count(*) AS active FROM active)
SELECT coalesce(v.version, c.version, 'none accepted') AS version,
       v.published_at,
       coalesce(v.material_change, false) AS material_change,
       v.published_at = (SELECT max(published_at) FROM published) AS current,
       coalesce(v.published_at >= m.published_at, m.published_at IS NULL AND v.version IS NOT NULL)
           AS covers_material,
       coalesce(c.subjects, 0) AS subjects,
       total.active,
       coalesce(c.subjects, 0) / nullif(total.active, 0) AS share
FROM published v
FULL OUTER JOIN per_version c ON c.version = v.version
CROSS JOIN material m
CROSS JOIN total
ORDER BY v.published_at DESC NULLS LAST, version
