-- The purposes the consent explorer offers: every purpose whose legal basis is consent, and any
-- other purpose that has consent events; consent-based first, then by name.
SELECT p.purpose_id, p.name, coalesce(lb.consent_based, false) AS consent_based
FROM purposes AS p
LEFT JOIN legal_bases AS lb ON lb.legal_basis_id = p.legal_basis_id
WHERE coalesce(lb.consent_based, false)
   OR p.purpose_id IN (SELECT DISTINCT purpose_id FROM consent_events)
ORDER BY consent_based DESC, p.name
