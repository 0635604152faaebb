-- The loader's working tables, dropped after each file (they can hold millions of rows).
DROP VIEW IF EXISTS temp.ingest_new;
DROP VIEW IF EXISTS temp.ingest_candidates;
DROP TABLE IF EXISTS temp.ingest_rejects;
DROP TABLE IF EXISTS temp.ingest_reject_scans;
DROP VIEW IF EXISTS temp.ingest_raw;
DROP TABLE IF EXISTS temp.ingest_read;
DROP TABLE IF EXISTS temp.ingest_renumbered;
DROP TABLE IF EXISTS temp.ingest_typed;
DROP TABLE IF EXISTS temp.ingest_unreadable;
DROP TABLE IF EXISTS temp.ingest_problems;
DROP TABLE IF EXISTS temp.ingest_conflicts;
DROP TABLE IF EXISTS temp.ingest_versions;
DROP TABLE IF EXISTS temp.ingest_matches;
DROP TABLE IF EXISTS temp.ingest_ledger_rows;
DROP TABLE IF EXISTS temp.ingest_blank_units;
DROP TABLE IF EXISTS temp.ingest_line_shifts;
DROP TABLE IF EXISTS temp.ingest_erased;
