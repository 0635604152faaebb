-- Consent withdrawals recorded in the period, all purposes together.
SELECT count(*) AS withdrawals
FROM consent_events
WHERE action = 'withdraw' AND occurred_at >= (SELECT period_start FROM scope) AND occurred_at < (SELECT period_end FROM scope)
