-- id: governance.no_contact
-- title: No responsible person or contact named
-- severity: high
-- section: 10
-- keys: missing
-- description: The register names no person responsible for organising processing, or no contact
--   (e-mail or phone) where subjects can ask about their data (policy section 10).
-- remediation: Name them in the register's organisation section and publish the contact in the
--   policy.
WITH org AS (
    SELECT
        count(*) FILTER (WHERE coalesce(trim(responsible_name), '') <> '') AS responsible,
        count(*) FILTER (
            WHERE coalesce(trim(contact_email), '') <> '' OR coalesce(trim(contact_phone), '') <> ''
        ) AS contact
    FROM organisation
)
SELECT 'responsible_person' AS missing FROM org WHERE responsible = 0
UNION ALL
SELECT 'contact' AS missing FROM org WHERE contact = 0
