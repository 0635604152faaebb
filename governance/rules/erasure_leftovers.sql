-- The records each completed erasure left behind: for every erasure request completed before
-- the period end, each record of its subject collected no later than the completion (a record
-- collected after it is the person's return, not a leftover) and not deleted by the period end,
-- and whether a legal duty keeps it: its retention rule (one per category and system) names a
-- legal basis marked as a legal obligation (GDPR Art. 17(3)(b), 94-V Art. 8(2)). The one
-- definition dsr.erasure_incomplete (records not kept by law) and the DSR report (records kept
-- under a legal duty) read.
CREATE OR REPLACE TEMP VIEW erasure_leftovers AS
WITH erased AS (
    SELECT q.request_id, q.subject_id, q.completed_at
    FROM dsr_requests q
    WHERE q.request_type = 'erasure' AND q.status = 'completed'
      AND q.completed_at IS NOT NULL AND q.completed_at < (SELECT period_end FROM scope)
),
kept_by_law AS (
    SELECT r.category_id, r.system_id
    FROM retention_rules r
    JOIN legal_bases b ON b.legal_basis_id = r.legal_basis_id
    WHERE b.legal_obligation
)
SELECT e.request_id, e.subject_id, e.completed_at, i.record_id,
       k.category_id IS NOT NULL AS kept_by_law
FROM erased e
JOIN data_inventory i ON i.subject_id = e.subject_id
LEFT JOIN kept_by_law k ON k.category_id = i.data_category AND k.system_id = i.system_id
WHERE i.collected_at <= e.completed_at
  AND (i.deleted_at IS NULL OR i.deleted_at > (SELECT period_end FROM scope))
