-- Register facts behind the recipients named in the findings of ($run_id, $check_id): who
-- they are, where, and the transfers to them with their safeguard.
WITH named AS (
    SELECT DISTINCT json_extract_string(details, '$.recipient_id') AS recipient_id
    FROM findings
    WHERE run_id = $run_id AND check_id = $check_id
)
SELECT
    named.recipient_id,
    r.recipient_id IS NOT NULL AS in_register,
    r.name,
    r.kind,
    r.country,
    (
        SELECT string_agg(
            t.transfer_id || ' to ' || t.destination_country || ': '
                || coalesce(t.safeguard, 'no safeguard'),
            '; ' ORDER BY t.transfer_id
        )
        FROM transfers AS t
        WHERE t.recipient_id = named.recipient_id
    ) AS transfers
FROM named
LEFT JOIN recipients AS r ON r.recipient_id = named.recipient_id
WHERE named.recipient_id IS NOT NULL
ORDER BY named.recipient_id
