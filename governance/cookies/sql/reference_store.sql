-- The checked rows of one reference file into cookie_reference.
INSERT INTO cookie_reference BY NAME
SELECT * EXCLUDE (wildcard) FROM reference_rows;
DROP TABLE reference_rows
