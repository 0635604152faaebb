-- What the register declares that no retention rule covers at all: data categories with no
-- rule in any system, and systems with no rule for any category.
SELECT 'data category' AS kind, c.name, c.category_id AS item_id
FROM data_categories c
WHERE NOT EXISTS (SELECT 1 FROM retention_rules r WHERE r.category_id = c.category_id)
UNION ALL
SELECT 'system' AS kind, s.name, s.system_id AS item_id
FROM systems s
WHERE NOT EXISTS (SELECT 1 FROM retention_rules r WHERE r.system_id = s.system_id)
ORDER BY kind, name
