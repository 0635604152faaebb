-- One row per file load that wrote something.
INSERT INTO load_log (load_id, kind, source_path, content_sha256, loaded_at, rows_read,
                      rows_loaded, rows_updated, rows_quarantined, rows_duplicate, package_version)
VALUES ($load_id, $kind, $source, $sha256, now(), $read, $loaded, $updated, $quarantined,
        $duplicate, $package_version)
