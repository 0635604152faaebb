-- Protection measures (section 5): those the Company applies. A planned measure is not applied
-- yet, so the policy does not promise it.
SELECT measure_id AS id, name, kind, description
FROM security_measures
WHERE status <> 'planned'
ORDER BY kind, rowid
