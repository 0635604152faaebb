-- Who receives data (section 4): recipients of the activities of disclosed purposes, and
-- recipients no activity names (the register cannot tell what for, so they are listed too).
-- Safeguards are those of the register's transfers to that recipient for those activities.
WITH uses AS (
    SELECT ar.recipient_id, a.activity_id, a.purpose_id
    FROM activity_recipients ar
    JOIN processing_activities a ON a.activity_id = ar.activity_id
    JOIN policy_version_purposes vp ON vp.purpose_id = a.purpose_id AND vp.version = $version
),
safeguards AS (
    SELECT t.recipient_id, list_distinct(list(t.safeguard)) AS safeguards
    FROM transfers t
    JOIN uses u ON u.activity_id = t.activity_id AND u.recipient_id = t.recipient_id
    WHERE nullif(trim(t.safeguard), '') IS NOT NULL  -- a blank safeguard is none (as the check reads it)
    GROUP BY t.recipient_id
),
listed AS (
    SELECT recipient_id FROM uses
    UNION
    SELECT recipient_id FROM recipients
    WHERE recipient_id NOT IN (SELECT recipient_id FROM activity_recipients)
)
SELECT r.recipient_id AS id, r.name, r.kind, r.country, r.description,
       coalesce(
           (SELECT list_distinct(list(u.purpose_id)) FROM uses u
            WHERE u.recipient_id = r.recipient_id),
           []
       ) AS purposes,
       coalesce(s.safeguards, []) AS safeguards
FROM recipients r
JOIN listed l ON l.recipient_id = r.recipient_id
LEFT JOIN safeguards s ON s.recipient_id = r.recipient_id
ORDER BY r.rowid
