-- id: transfer.no_safeguard
-- title: Cross-border transfers without a safeguard
-- severity: high
-- section: 4
-- keys: recipient_id
-- description: Recipients abroad that the register declares as a transfer with no safeguard, or
--   that received disclosures in the period with no transfer carrying a safeguard (Law 94-V
--   Art. 16; GDPR Art. 44-49).
-- remediation: Record the transfer with its condition or safeguard (consent, adequacy, contract
--   clauses), or stop disclosing to the recipient.
WITH ctx AS (SELECT period_start, period_end FROM scope),
home AS (SELECT country FROM organisation LIMIT 1),
safeguarded AS (
    SELECT DISTINCT recipient_id FROM transfers WHERE coalesce(trim(safeguard), '') <> ''
),
disclosed AS (
    SELECT d.recipient_id, count(*) AS disclosures
    FROM disclosures d
    JOIN ctx ON d.disclosed_at >= ctx.period_start AND d.disclosed_at < ctx.period_end
    GROUP BY d.recipient_id
),
abroad AS (
    SELECT r.recipient_id, r.country AS destination_country
    FROM recipients r, home
    WHERE r.country <> home.country
),
candidates AS (
    SELECT a.recipient_id, a.destination_country, t.transfer_id,
           coalesce(d.disclosures, 0) AS disclosures
    FROM abroad a
    LEFT JOIN disclosed d USING (recipient_id)
    LEFT JOIN (SELECT recipient_id, min(transfer_id) AS transfer_id FROM transfers GROUP BY ALL) t
      USING (recipient_id)
    WHERE a.recipient_id NOT IN (SELECT recipient_id FROM safeguarded)
      AND (d.disclosures IS NOT NULL OR t.transfer_id IS NOT NULL)
)
SELECT recipient_id, destination_country, transfer_id, disclosures FROM candidates
