-- id: transfer.no_safeguard
-- title: Cross-border transfers without a safeguard
-- severity: high
-- section: 4
-- keys: recipient_id
-- description: Recipients abroad that the register declares as a transfer, or names as a recipient
--   of a processing activity, with no safeguard, or that received disclosures in the period with
--   no transfer carrying a safeguard; and recipients of the period's disclosures (or of a
--   transfer) whose country is unknown (not in the register, or no country recorded), which
--   cannot be shown to stay at home (Law 94-V Art. 16; GDPR Art. 44-49). `problem` says which.
-- remediation: Record the recipient with its country, and the transfer with its condition or
--   safeguard (consent, adequacy, contract clauses), or stop disclosing to the recipient.
WITH ctx AS (SELECT period_start, period_end FROM scope),
home AS (SELECT max(country) AS country FROM organisation),
safeguarded AS (
    SELECT DISTINCT recipient_id FROM transfers WHERE coalesce(trim(safeguard), '') <> ''
),
disclosed AS (
    SELECT d.recipient_id, count(*) AS disclosures
    FROM disclosures d
    JOIN ctx ON d.disclosed_at >= ctx.period_start AND d.disclosed_at < ctx.period_end
    GROUP BY d.recipient_id
),
first_transfer AS (
    SELECT recipient_id, min(transfer_id) AS transfer_id FROM transfers GROUP BY recipient_id
),
-- recipients a processing activity names: the register says data go there, in every period,
-- and the privacy policy lists them, so a foreign one without a transfer entry is a transfer
-- without a safeguard even in a period with no disclosure
declared AS (
    SELECT DISTINCT recipient_id FROM activity_recipients
),
-- every recipient that receives something: disclosures in the period, a register transfer or an
-- activity, with its country (NULL when the register does not know the recipient or its country)
receiving AS (
    SELECT coalesce(d.recipient_id, t.recipient_id, a.recipient_id) AS recipient_id,
           nullif(trim(r.country), '') AS destination_country, t.transfer_id,
           coalesce(d.disclosures, 0) AS disclosures
    FROM disclosed d
    FULL JOIN first_transfer t ON t.recipient_id = d.recipient_id
    FULL JOIN declared a ON a.recipient_id = coalesce(d.recipient_id, t.recipient_id)
    LEFT JOIN recipients r ON r.recipient_id = coalesce(d.recipient_id, t.recipient_id, a.recipient_id)
)
SELECT x.recipient_id, x.destination_country, x.transfer_id, x.disclosures,
       CASE WHEN x.destination_country IS NULL THEN 'destination country unknown'
            ELSE 'no safeguard' END AS problem
FROM receiving x
CROSS JOIN home
LEFT JOIN safeguarded g ON g.recipient_id = x.recipient_id
WHERE x.destination_country IS NULL
   OR (x.destination_country <> home.country AND g.recipient_id IS NULL)
