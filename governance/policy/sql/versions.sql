-- Every policy version the register lists, oldest first.
SELECT version, published_at, material_change, summary
FROM policy_versions
ORDER BY published_at, version
