-- Transfers abroad: every recipient outside the organisation's country, with each register
-- transfer to it (activity, destination, safeguard) or none, and its disclosures in the period.
WITH home AS (SELECT first(country) AS country FROM organisation),
abroad AS (
    SELECT r.* FROM recipients r, home WHERE r.country <> home.country
),
disclosed AS (
    SELECT recipient_id, count(*) AS disclosures
    FROM disclosures
    WHERE disclosed_at >= (SELECT period_start FROM scope) AND disclosed_at < (SELECT period_end FROM scope)
    GROUP BY recipient_id
)
SELECT a.name AS recipient,
       replace(a.kind, '_', ' ') AS kind,
       coalesce(t.destination_country, a.country) AS destination,
       coalesce(pa.name, t.activity_id, 'no transfer recorded') AS activity,
       CASE WHEN t.transfer_id IS NULL THEN 'none: no transfer recorded'
            WHEN coalesce(trim(t.safeguard), '') = '' THEN 'none recorded'
            ELSE t.safeguard END AS safeguard,
       coalesce(trim(t.safeguard), '') <> '' AS has_safeguard,
       coalesce(d.disclosures, 0) AS disclosures
FROM abroad a
LEFT JOIN transfers t ON t.recipient_id = a.recipient_id
LEFT JOIN processing_activities pa ON pa.activity_id = t.activity_id
LEFT JOIN disclosed d ON d.recipient_id = a.recipient_id
ORDER BY has_safeguard, recipient, activity
