-- The days of the first and last consent event (UTC): the date pickers' defaults.
SELECT min(occurred_at)::DATE AS first_day, max(occurred_at)::DATE AS last_day
FROM consent_events
