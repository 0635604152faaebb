-- Disclosures in the period per recipient: how many, to how many distinct subjects, how many
-- carried no legal basis, and how many the check disclosure.without_basis flagged in the
-- report's run (the scope's results: no basis and no valid consent either), with the purposes served.
WITH in_period AS (
    SELECT recipient_id, subject_id, purpose_id, legal_basis
    FROM disclosures
    WHERE disclosed_at >= (SELECT period_start FROM scope) AND disclosed_at < (SELECT period_end FROM scope)
),
flagged AS (
    SELECT json_extract_string(details, '$.recipient_id') AS recipient_id, count(*) AS flagged
    FROM findings
    WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'disclosure.without_basis'
    GROUP BY ALL
),
per_recipient AS (
    SELECT d.recipient_id,
           count(*) AS disclosures,
           count(DISTINCT d.subject_id) AS subjects,
           count(*) FILTER (WHERE coalesce(trim(d.legal_basis), '') = '') AS without_legal_basis,
           string_agg(DISTINCT coalesce(p.name, d.purpose_id), '; ') AS purposes
    FROM in_period d
    LEFT JOIN purposes p ON p.purpose_id = d.purpose_id
    GROUP BY d.recipient_id
)
SELECT coalesce(r.name, x.recipient_id) AS recipient,
       replace(r.kind, '_', ' ') AS kind,
       r.country,
       x.disclosures,
       x.subjects,
       x.without_legal_basis,
       coalesce(f.flagged, 0) AS flagged,
       x.purposes
FROM per_recipient x
LEFT JOIN recipients r ON r.recipient_id = x.recipient_id
LEFT JOIN flagged f ON f.recipient_id = x.recipient_id
ORDER BY x.disclosures DESC, recipient
