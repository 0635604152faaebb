-- id: ropa.incomplete
-- title: Processing activities missing a record-of-processing field
-- severity: low
-- section: 2
-- keys: activity_id, missing_field
-- description: Processing activities that lack a field GDPR Art. 30(1) asks the record to hold:
--   legal basis, data categories, subject categories, systems, retention, security measures; and
--   each system of an activity with no hosting country (`systems.hosting_country:<system id>`,
--   the system in `system_id`): where data is held decides localisation and transfers.
-- remediation: Complete the activity, and the hosting country of its systems, in register.yaml
--   and run governance init again.
WITH activity_fields AS (
    SELECT a.activity_id,
           coalesce(a.legal_basis_id, p.legal_basis_id) IS NOT NULL AS has_legal_basis,
           EXISTS (SELECT 1 FROM activity_categories x WHERE x.activity_id = a.activity_id)
             AS has_data_categories,
           EXISTS (SELECT 1 FROM activity_subject_types x WHERE x.activity_id = a.activity_id)
             AS has_subject_types,
           EXISTS (SELECT 1 FROM activity_systems x WHERE x.activity_id = a.activity_id)
             AS has_systems,
           EXISTS (SELECT 1 FROM activity_retention_rules x WHERE x.activity_id = a.activity_id)
             AS has_retention_rules,
           EXISTS (SELECT 1 FROM activity_security_measures x WHERE x.activity_id = a.activity_id)
             AS has_security_measures
    FROM processing_activities a
    LEFT JOIN purposes p USING (purpose_id)
)
SELECT activity_id, missing_field, CAST(NULL AS VARCHAR) AS system_id
FROM activity_fields
UNPIVOT (present FOR missing_field IN (
    has_legal_basis AS 'legal_basis',
    has_data_categories AS 'data_categories',
    has_subject_types AS 'subject_types',
    has_systems AS 'systems',
    has_retention_rules AS 'retention_rules',
    has_security_measures AS 'security_measures'
))
WHERE NOT present
UNION ALL
-- one row per system of the activity whose hosting country the register does not state
SELECT x.activity_id, 'systems.hosting_country:' || x.system_id AS missing_field, x.system_id
FROM activity_systems x
LEFT JOIN systems s ON s.system_id = x.system_id
WHERE coalesce(trim(s.hosting_country), '') = ''
