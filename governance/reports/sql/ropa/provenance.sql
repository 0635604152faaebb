-- Which register the record was built from: its SHA-256 and when it was loaded.
SELECT left(sha256, 12) AS register_sha256, loaded_at, package_version
FROM register_source
ORDER BY loaded_at DESC
LIMIT 1
