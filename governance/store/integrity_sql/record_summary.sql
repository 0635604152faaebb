-- What the ledger was held against (the records of record_problems.sql), for the summary.
SELECT
    (SELECT count(*) FROM load_log WHERE kind = 'consent_events') AS consent_loads,
    (
        SELECT coalesce(sum(rows_loaded), 0) FROM load_log WHERE kind = 'consent_events'
    ) AS consent_rows_loaded,
    (SELECT count(*) FROM subject_keys) AS key_mappings,
    (SELECT count(*) FROM subject_erasures) AS erasures;
