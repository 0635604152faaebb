-- Erasures completed in the period and the records a legal duty keeps after them, counted, with
-- no identifier: records of the erased subject, collected no later than the completion and not
-- deleted by the period end, whose retention rule (one per category and system) names a legal
-- basis marked as a legal obligation (GDPR Art. 17(3)(b), 94-V Art. 8(2)). These are the records
-- dsr.erasure_incomplete leaves out of its live_records.
WITH erased AS (
    SELECT request_id, subject_id, completed_at
    FROM dsr_requests
    WHERE request_type = 'erasure' AND status = 'completed'
      AND completed_at >= (SELECT period_start FROM scope)
      AND completed_at < (SELECT period_end FROM scope)
),
kept AS (
    SELECT e.request_id, count(*) AS records
    FROM erased e
    JOIN data_inventory i ON i.subject_id = e.subject_id
    JOIN retention_rules r ON r.category_id = i.data_category AND r.system_id = i.system_id
    JOIN legal_bases b ON b.legal_basis_id = r.legal_basis_id
    WHERE b.legal_obligation
      AND i.collected_at <= e.completed_at
      AND (i.deleted_at IS NULL OR i.deleted_at > (SELECT period_end FROM scope))
    GROUP BY e.request_id
)
SELECT (SELECT count(*) FROM erased) AS erasures,
       count(*) AS erasures_with_kept_records,
       coalesce(sum(records), 0) AS kept_records
FROM kept
