-- Consent withdrawals recorded in the period, all purposes together.
-- params: $period_start, $period_end
SELECT count(*) AS withdrawals
FROM consent_events
WHERE action = 'withdraw' AND occurred_at >= $period_start AND occurred_at < $period_end
