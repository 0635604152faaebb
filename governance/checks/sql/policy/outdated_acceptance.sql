-- id: policy.outdated_acceptance
-- title: Active subjects on an outdated policy
-- severity: medium
-- section: 8
-- keys: subject_id
-- description: Subjects processed in the period whose latest policy acceptance at period end
--   predates the material policy version in force (the latest version marked as a material change).
-- remediation: Ask the subjects listed to accept the current policy at their next visit, and pause
--   processing that the new version introduced until they do.
WITH ctx AS (SELECT period_start, period_end FROM scope),
material AS (
    SELECT v.version, v.published_at
    FROM policy_versions v, ctx
    WHERE v.material_change AND v.published_at < CAST(ctx.period_end AS DATE)
    ORDER BY v.published_at DESC
    LIMIT 1
),
active AS (
    SELECT DISTINCT l.subject_id
    FROM processing_log l
    JOIN ctx ON l.occurred_at >= ctx.period_start AND l.occurred_at < ctx.period_end
),
latest AS (
    SELECT a.subject_id,
           arg_max(a.policy_version, a.accepted_at) AS accepted_version,
           arg_max(v.published_at, a.accepted_at) AS accepted_published_at
    FROM policy_acceptances a
    JOIN policy_versions v ON v.version = a.policy_version
    CROSS JOIN ctx
    WHERE a.accepted_at < ctx.period_end
    GROUP BY a.subject_id
)
SELECT act.subject_id, l.accepted_version, m.version AS material_version
FROM active act
CROSS JOIN material m
LEFT JOIN latest l USING (subject_id)
WHERE l.accepted_version IS NULL OR l.accepted_published_at < m.published_at
