-- The channels consent events came through; '(none)' stands for events recorded without one
-- (evidence the consent.incomplete_record check reports).
SELECT DISTINCT coalesce(channel, '(none)') AS channel
FROM consent_events
ORDER BY channel
