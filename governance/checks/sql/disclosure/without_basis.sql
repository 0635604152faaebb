-- id: disclosure.without_basis
-- title: Disclosure to a third party without consent or legal basis
-- severity: high
-- section: 4
-- keys: disclosure_id
-- description: Data disclosed to a recipient with no legal basis recorded and no valid consent of
--   the subject for that purpose at that moment (policy 4.1).
-- remediation: Record the legal basis of each disclosure, or obtain consent before disclosing;
--   tell the recipient to delete data disclosed without either.
WITH ctx AS (SELECT period_start, period_end FROM scope),
unfounded AS (
    SELECT d.*, k.subject_key
    FROM disclosures d
    JOIN ctx ON d.disclosed_at >= ctx.period_start AND d.disclosed_at < ctx.period_end
    LEFT JOIN subject_keys k USING (subject_id)
    WHERE coalesce(trim(d.legal_basis), '') = ''
),
-- only the consent histories of the disclosures without a basis
instants AS (
    SELECT e.subject_key, e.purpose_id, e.occurred_at,
           bool_or(e.action = 'withdraw') AS withdrawn
    FROM consent_events e
    SEMI JOIN unfounded u ON u.subject_key = e.subject_key AND u.purpose_id = e.purpose_id
    GROUP BY e.subject_key, e.purpose_id, e.occurred_at
),
-- the consent state at each disclosure: the latest instant at or before it (an ASOF join,
-- written as a range join and arg_max so that Spark runs the same text)
latest AS (
    SELECT u.disclosure_id, arg_max(i.withdrawn, i.occurred_at) AS withdrawn
    FROM unfounded u
    JOIN instants i
      ON u.subject_key = i.subject_key AND u.purpose_id = i.purpose_id
     AND i.occurred_at <= u.disclosed_at
    GROUP BY u.disclosure_id
)
SELECT u.disclosure_id, u.subject_id, u.recipient_id, u.purpose_id, u.disclosed_at
FROM unfounded u
LEFT JOIN latest l ON l.disclosure_id = u.disclosure_id
WHERE l.disclosure_id IS NULL OR l.withdrawn
