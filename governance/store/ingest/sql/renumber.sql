-- Give the records that were read their file line when the reader set some lines aside: the
-- k-th record read sits after every set-aside line r_j with r_j - j <= k (j = its rank).
-- Rare, so the renumbered records are copied into `ingest_renumbered` and `ingest_raw` points at it.
CREATE OR REPLACE TEMP TABLE ingest_renumbered AS
SELECT r.* REPLACE (r.line + coalesce(s.skipped, 0) AS line)
FROM ingest_raw AS r
ASOF LEFT JOIN (
    SELECT threshold, max(skipped) AS skipped
    FROM (
        SELECT line - row_number() OVER (ORDER BY line) AS threshold,
               row_number() OVER (ORDER BY line) AS skipped
        FROM ingest_unreadable
    )
    GROUP BY threshold
) AS s ON r.line - 1 >= s.threshold;

CREATE OR REPLACE TEMP VIEW ingest_raw AS SELECT * FROM ingest_renumbered;
