-- id: dsr.erasure_incomplete
-- title: Erasure completed on paper, data still held
-- severity: high
-- section: 7
-- keys: request_id
-- description: Erasure requests marked completed whose subject still has identity data or live
--   business records. Pseudonymous consent-ledger rows are evidence the company must keep and do
--   not count; nor do records the law obliges the company to keep (their retention rule's legal
--   basis is a legal obligation: GDPR Art. 17(3)(b), 94-V Art. 8(2)), nor records collected after
--   the erasure was completed (the person came back).
-- remediation: Erase the identity and the live records listed (governance erases identity and
--   the ledger key mapping), then reopen the request process that closed them early.
WITH ctx AS (SELECT period_end FROM scope),
erased AS (
    SELECT q.request_id, q.subject_id, q.completed_at
    FROM dsr_requests q, ctx
    WHERE q.request_type = 'erasure' AND q.status = 'completed'
      AND q.completed_at IS NOT NULL AND q.completed_at < ctx.period_end
),
identity AS (
    SELECT subject_id FROM subjects
    WHERE full_name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL OR birth_date IS NOT NULL
),
-- per request, the records the erasure should have removed that exist at period end and no
-- legal duty keeps (the scope's rule view erasure_leftovers)
live AS (
    SELECT request_id, count(*) AS live_records
    FROM erasure_leftovers
    WHERE NOT kept_by_law
    GROUP BY request_id
)
SELECT e.request_id, e.subject_id, e.completed_at,
       e.subject_id IN (SELECT subject_id FROM identity) AS identity_kept,
       coalesce(l.live_records, 0) AS live_records
FROM erased e
LEFT JOIN live l USING (request_id)
WHERE e.subject_id IN (SELECT subject_id FROM identity) OR coalesce(l.live_records, 0) > 0
