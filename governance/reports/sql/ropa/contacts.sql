-- The controller and the people to contact, one row each (GDPR Art. 30(1)(a); Law 94-V
-- Art. 25(3): the person responsible for organising processing). These are the organisation's
-- published contacts, not data subjects.
WITH org AS (SELECT * FROM organisation LIMIT 1)
SELECT 1 AS position, 'Controller' AS role, name,
       concat_ws(', ', 'BIN ' || bin, address, website) AS details
FROM org
UNION ALL
SELECT 2, 'Responsible for organising processing', responsible_name,
       concat_ws(', ', responsible_role, responsible_email, responsible_phone)
FROM org
UNION ALL
SELECT 3, 'Data protection officer', dpo_name, concat_ws(', ', dpo_email, dpo_phone)
FROM org
UNION ALL
SELECT 4, 'Contact for data questions', NULL,
       concat_ws(', ', contact_email, contact_phone, contact_address, contact_web_form)
FROM org
UNION ALL
SELECT 5, 'Security policy', NULL, security_policy
FROM org
ORDER BY position
