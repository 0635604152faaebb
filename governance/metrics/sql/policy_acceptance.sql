-- Active subjects of the period (processed in it) and how many of them had accepted, by period
-- end, the material policy version in force (the latest version marked as a material change
-- published before period end) or a later one: the complement of policy.outdated_acceptance.
-- With no material version in force, every active subject counts as having accepted.
WITH material AS (
    SELECT max(published_at) AS published_at FROM policy_versions
    WHERE material_change AND published_at < CAST((SELECT period_end FROM scope) AS DATE)
),
active AS (
    SELECT DISTINCT subject_id FROM processing_log
    WHERE occurred_at >= (SELECT period_start FROM scope) AND occurred_at < (SELECT period_end FROM scope)
),
latest AS (
    SELECT a.subject_id, arg_max(v.published_at, a.accepted_at) AS published_at
    FROM policy_acceptances a
    JOIN policy_versions v ON v.version = a.policy_version
    WHERE a.accepted_at < (SELECT period_end FROM scope)
    GROUP BY a.subject_id
)
SELECT count(*) AS active_subjects,
       count(*) FILTER (WHERE m.published_at IS NULL OR l.published_at >= m.published_at)
         AS accepted_current,
       accepted_current / nullif(active_subjects, 0) AS accepted_share
FROM active
CROSS JOIN material m
LEFT JOIN latest l USING (subject_id)
