-- The figures of one file, each counted on its own; the loader checks that
-- read = loaded + quarantined + duplicate. `read` is not counted from what the reader returned:
-- it is the records the file holds by its own bytes (census.py; a Parquet file's footer).
SELECT
    CAST($records AS BIGINT) AS read,
    (SELECT count(*) FROM ingest_new) AS loaded,
    (SELECT count(*) FROM ingest_matches WHERE outcome = 'update') AS updated,
    (SELECT count(DISTINCT line)
     FROM (SELECT line FROM ingest_problems UNION ALL SELECT line FROM ingest_conflicts))
        AS quarantined,
    (SELECT coalesce(sum(copies - 1), 0) FROM ingest_versions WHERE versions = 1)
        + (SELECT count(*) FROM ingest_matches WHERE outcome = 'duplicate') AS duplicate
