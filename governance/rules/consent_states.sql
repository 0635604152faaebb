-- The consent state of each pair the period's events need (its consent-based processing and
-- its disclosures), from each instant it was set on: the rule of consent_history, read by
-- consent.missing and consent.after_withdrawal. The state at t is the row with
-- occurred_at <= t AND (next_at IS NULL OR next_at > t); no row: no consent event by then.
--   valid            consent is valid from occurred_at (a grant; a withdrawal wins a tie)
--   withdrawn        NOT valid
--   ever_valid       consent was valid at occurred_at or before (false: consent never was)
--   withdrawn_since  the instant the consent was withdrawn (the grace runs from it); NULL when
--                    valid or when consent never was
--   next_at          the pair's next instant (NULL: none before the period end)
-- Each pair's states from the one holding at the anchor (the month end at or before the period
-- start, consent_history) on: every state a processing event or disclosure of the period can meet.
CREATE OR REPLACE TEMP VIEW consent_states AS
SELECT subject_key, purpose_id, occurred_at, next_at, valid, NOT valid AS withdrawn, ever_valid,
       withdrawn_since
FROM consent_history
WHERE reach = 'period'
