-- The rows to store: candidates that are new, and (upsert kinds) those replacing a stored row.
CREATE OR REPLACE TEMP VIEW ingest_new AS
SELECT c.*
FROM ingest_candidates AS c
ANTI JOIN (SELECT line FROM ingest_matches WHERE outcome <> 'update') AS m ON m.line = c.line
