-- The processing activities of the register that serve the purposes the subject's data was
-- used for (the Art. 30 record behind them).
WITH used AS (SELECT purpose_id FROM subject_purposes)
SELECT
    a.activity_id,
    a.name,
    a.purpose_id,
    coalesce(a.legal_basis_id, p.legal_basis_id) AS legal_basis_id,
    a.description
FROM processing_activities AS a
JOIN used ON used.purpose_id = a.purpose_id
LEFT JOIN purposes AS p ON p.purpose_id = a.purpose_id
ORDER BY a.activity_id
