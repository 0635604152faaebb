-- Storage periods of the disclosed categories (section 6): the retention rules merged over
-- systems, one row per category and period (length, start, action), with the disclosed purposes
-- whose activities use those rules and the laws that set them. Systems are internal: readers
-- are told how long, from when and why, not where.
WITH rules AS (
    SELECT r.rule_id, r.category_id, r.period_days, r.start_event, r.action, r.legal_reference
    FROM retention_rules r
    JOIN policy_version_categories vc ON vc.category_id = r.category_id AND vc.version = $version
),
uses AS (
    SELECT ar.rule_id, a.purpose_id
    FROM activity_retention_rules ar
    JOIN processing_activities a ON a.activity_id = ar.activity_id
    JOIN policy_version_purposes vp ON vp.purpose_id = a.purpose_id AND vp.version = $version
)
SELECT r.category_id, r.period_days, r.start_event, r.action,
       coalesce(
           list_sort(list_distinct(
               list(r.legal_reference) FILTER (WHERE r.legal_reference IS NOT NULL)
           )),
           []
       ) AS legal_references,
       coalesce(
           list_distinct(list(u.purpose_id) FILTER (WHERE u.purpose_id IS NOT NULL)), []
       ) AS purposes
FROM rules r
LEFT JOIN uses u ON u.rule_id = r.rule_id
GROUP BY r.category_id, r.period_days, r.start_event, r.action
ORDER BY r.category_id, r.period_days, r.start_event, r.action
