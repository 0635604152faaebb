-- The purposes the subject's data was processed, disclosed or consented for, with the legal
-- basis of each (and whether it rests on consent).
WITH used AS (SELECT purpose_id FROM subject_purposes)
SELECT
    used.purpose_id,
    p.purpose_id IS NOT NULL AS in_register,
    p.name,
    p.description,
    p.legal_basis_id,
    lb.name AS legal_basis,
    lb.consent_based,
    lb.kz_reference,
    lb.gdpr_reference,
    p.consent_validity
FROM used
LEFT JOIN purposes AS p ON p.purpose_id = used.purpose_id
LEFT JOIN legal_bases AS lb ON lb.legal_basis_id = p.legal_basis_id
ORDER BY used.purpose_id
