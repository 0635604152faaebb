-- The consent state of every (subject_key, purpose_id) pair of the ledger, from each instant it
-- was set on, up to the period end: the rule of consent_history with the columns of
-- consent_states, for the consent figures (metrics, reports), which count every pair. The state
-- at t < period end is the row with occurred_at <= t AND (next_at IS NULL OR next_at > t); the
-- state at the period end is the row with next_at IS NULL. It holds every state that still
-- holds at the anchor (the month end at or before the period start, consent_history) or
-- later: the state at any instant from the period start on, and every pair's latest state.
-- A window starting before the period start needs its own anchor (the consent report's trend:
-- reports/sql/consent_report/consent_rates.sql). A query about the period's own events reads
-- consent_states.
-- `channel`: the channel of the grant that made the consent valid (NULL when not valid; the
-- consent explorer counts valid consents per channel).
CREATE OR REPLACE TEMP VIEW consent_changes AS
SELECT subject_key, purpose_id, occurred_at, next_at, valid, NOT valid AS withdrawn, ever_valid,
       withdrawn_since, channel
FROM consent_history
WHERE reach = 'ledger'
