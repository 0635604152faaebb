-- id: disclosure.without_basis
-- title: Disclosure to a third party without consent or legal basis
-- severity: high
-- section: 4
-- keys: disclosure_id
-- description: Data disclosed to a recipient with no legal basis recorded and no valid consent of
--   the subject for that purpose at that moment, with a legal basis the register does not declare,
--   or under a consent-based legal basis without a valid consent at that moment (policy 4.1).
--   `problem` says which.
-- remediation: Record the register's legal basis (its id) of each disclosure, or obtain consent
--   before disclosing; tell the recipient to delete data disclosed without either.
WITH ctx AS (SELECT period_start, period_end FROM scope),
-- the period's disclosures with the basis they state (blank = none) and what the register says
-- of it: none, unknown (no legal basis with that id), consent (consent-based) or other
stated AS (
    SELECT d.disclosure_id, d.subject_id, d.recipient_id, d.purpose_id, d.disclosed_at,
           k.subject_key, trim(d.legal_basis) AS basis,
           CASE WHEN coalesce(trim(d.legal_basis), '') = '' THEN 'none'
                WHEN lb.legal_basis_id IS NULL THEN 'unknown'
                WHEN lb.consent_based THEN 'consent'
                ELSE 'other' END AS basis_kind
    FROM disclosures d
    JOIN ctx ON d.disclosed_at >= ctx.period_start AND d.disclosed_at < ctx.period_end
    LEFT JOIN legal_bases lb ON lb.legal_basis_id = trim(d.legal_basis)
    LEFT JOIN subject_keys k ON k.subject_id = d.subject_id
),
-- the disclosures that need a valid consent: no basis, or a consent-based one
needing AS (
    SELECT * FROM stated WHERE basis_kind IN ('none', 'consent')
),
-- the consent state at each disclosure: the scope's rule view consent_states (the one
-- definition: a withdrawal wins a tie, consent exists only from a grant until a withdrawal);
-- the state at t is the row with occurred_at <= t < next_at
latest AS (
    SELECT n.disclosure_id, c.valid
    FROM needing n
    JOIN consent_states c
      ON c.subject_key = n.subject_key AND c.purpose_id = n.purpose_id
     AND c.occurred_at <= n.disclosed_at
     AND (c.next_at IS NULL OR c.next_at > n.disclosed_at)
)
SELECT s.disclosure_id, s.subject_id, s.recipient_id, s.purpose_id, s.disclosed_at,
       CASE s.basis_kind
            WHEN 'unknown' THEN 'unknown legal basis ''' || s.basis || ''''
            WHEN 'none' THEN 'no basis and no consent'
            ELSE 'consent basis without valid consent' END AS problem
FROM stated s
LEFT JOIN latest l ON l.disclosure_id = s.disclosure_id
WHERE s.basis_kind = 'unknown'
   OR (s.basis_kind IN ('none', 'consent') AND NOT coalesce(l.valid, false))
