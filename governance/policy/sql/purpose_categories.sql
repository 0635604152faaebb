-- Which disclosed categories each disclosed purpose uses: a text may only name what its version
-- discloses, so a category the version leaves out is left out here too.
SELECT pc.purpose_id, pc.category_id
FROM purpose_categories pc
JOIN policy_version_purposes vp ON vp.purpose_id = pc.purpose_id AND vp.version = $version
JOIN policy_version_categories vc ON vc.category_id = pc.category_id AND vc.version = $version
ORDER BY pc.rowid
