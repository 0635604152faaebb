-- The data categories a policy version discloses (section 2), in register order.
SELECT d.category_id AS id,
       coalesce(c.name, d.category_id) AS name,
       c.description,
       coalesce(c.special, false) AS special
FROM policy_version_categories d
LEFT JOIN data_categories c ON c.category_id = d.category_id
WHERE d.version = $version
ORDER BY c.rowid NULLS LAST, d.rowid
