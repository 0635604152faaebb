-- Erasures completed in the period and the records a legal duty keeps after them, counted, with
-- no identifier: the kept_by_law records of the scope's rule view erasure_leftovers, which
-- dsr.erasure_incomplete leaves out of its live_records.
WITH erased AS (
    SELECT request_id, subject_id, completed_at
    FROM dsr_requests
    WHERE request_type = 'erasure' AND status = 'completed'
      AND completed_at >= (SELECT period_start FROM scope)
      AND completed_at < (SELECT period_end FROM scope)
),
kept AS (
    SELECT l.request_id, count(*) AS records
    FROM erasure_leftovers l
    JOIN erased e USING (request_id)
    WHERE l.kept_by_law
    GROUP BY l.request_id
)
SELECT (SELECT count(*) FROM erased) AS erasures,
       count(*) AS erasures_with_kept_records,
       coalesce(sum(records), 0) AS kept_records
FROM kept
