-- The third parties the subject's data was disclosed to, where they are, and the safeguards
-- of the register's transfers to them.
WITH used AS (
    SELECT DISTINCT recipient_id FROM disclosures WHERE subject_id = $subject_id
)
SELECT
    used.recipient_id,
    r.recipient_id IS NOT NULL AS in_register,
    r.name,
    r.kind,
    r.country,
    r.description,
    (
        SELECT string_agg(
            t.destination_country || ': ' || coalesce(t.safeguard, 'no safeguard recorded'),
            '; ' ORDER BY t.transfer_id
        )
        FROM transfers AS t
        WHERE t.recipient_id = used.recipient_id
    ) AS transfers
FROM used
LEFT JOIN recipients AS r ON r.recipient_id = used.recipient_id
ORDER BY used.recipient_id
