-- Give each record read the file line where it starts, when the k-th record is not simply on
-- line k + 1: the reader skipped blank lines and set records aside (both take a unit, see
-- census.py), and newlines inside quoted values push the lines after them down.
-- 1. The unit of the k-th record read: it sits after every skipped unit s_j (j = its rank) with
--    s_j - j < k, so it is unit k + (the largest such j).
-- 2. Its line: unit + 1 + the shift in force from that unit on (ingest_line_shifts).
-- Rare, and both joins are ASOF joins on small tables, so the renumbered records are copied
-- into `ingest_renumbered` and `ingest_raw` points at it.
CREATE OR REPLACE TEMP TABLE ingest_renumbered AS
WITH skipped AS (
    SELECT unit, row_number() OVER (ORDER BY unit) AS rank
    FROM (SELECT unit FROM ingest_blank_units UNION SELECT unit FROM ingest_unreadable)
), thresholds AS (
    SELECT unit - rank AS threshold, max(rank) AS skipped FROM skipped GROUP BY ALL
), units AS (
    SELECT r.* EXCLUDE (line), r.line - 1 + coalesce(t.skipped, 0) AS unit
    FROM ingest_raw AS r
    ASOF LEFT JOIN thresholds AS t ON r.line - 1 > t.threshold
)
SELECT u.unit + 1 + coalesce(s.shift, 0) AS line, u.* EXCLUDE (unit)
FROM units AS u
ASOF LEFT JOIN ingest_line_shifts AS s ON u.unit >= s.from_unit;

CREATE OR REPLACE TEMP VIEW ingest_raw AS SELECT * FROM ingest_renumbered;
