-- The result of each check that the scope's figures read: the latest for the scope's period
-- (rules/latest_results.sql). A query about findings joins it on (run_id, check_id), never on
-- one run id, so a partial re-run of one check does not hide the others.
CREATE OR REPLACE TEMP VIEW scope_results AS
SELECT l.*
FROM latest_results l
WHERE l.period = (SELECT period FROM scope)
