-- The purposes a policy version discloses (section 3), in register order, with the legal basis
-- and its reference in the framework's law. A purpose the register no longer holds keeps its
-- id as its name: the version still disclosed it.
SELECT d.purpose_id AS id,
       coalesce(p.name, d.purpose_id) AS name,
       p.description,
       b.name AS legal_basis,
       CASE WHEN $framework = 'gdpr' THEN b.gdpr_reference ELSE b.kz_reference END
           AS legal_reference,
       coalesce(b.consent_based, false) AS consent_based,
       p.consent_validity,
       p.purpose_id IS NOT NULL AS registered
FROM policy_version_purposes d
LEFT JOIN purposes p ON p.purpose_id = d.purpose_id
LEFT JOIN legal_bases b ON b.legal_basis_id = p.legal_basis_id
WHERE d.version = $version
ORDER BY p.rowid NULLS LAST, d.rowid
