-- Give the records that were read their file line when the reader set some lines aside: the
-- k-th record read sits after every set-aside line r_j with r_j - j <= k (j = its rank).
UPDATE ingest_raw SET line = ingest_raw.line + shift.skipped
FROM (
    SELECT r.line, s.skipped
    FROM ingest_raw AS r
    ASOF JOIN (
        SELECT threshold, max(skipped) AS skipped
        FROM (
            SELECT line - row_number() OVER (ORDER BY line) AS threshold,
                   row_number() OVER (ORDER BY line) AS skipped
            FROM ingest_unreadable
        )
        GROUP BY threshold
    ) AS s ON r.line - 1 >= s.threshold
) AS shift
WHERE ingest_raw.line = shift.line
