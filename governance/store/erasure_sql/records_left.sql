-- How many rows of the table $table are keyed by $subject_id.
SELECT count(*) FROM query_table($table) WHERE subject_id = $subject_id;
