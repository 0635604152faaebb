-- Each instant at which a (subject, purpose) pair of the period's consent processing changed
-- its consent, up to the period end: events at the same instant collapse to one state, and a
-- withdrawal wins over a grant. Only the pairs the period's processing needs are read (a semi
-- join keeps the ledger's 10 M events to a fraction).
CREATE OR REPLACE TEMP VIEW consent_instants AS
SELECT e.subject_key, e.purpose_id, e.occurred_at, bool_or(e.action = 'withdraw') AS withdrawn
FROM consent_events e
SEMI JOIN (SELECT DISTINCT subject_key, purpose_id FROM consent_processing) p
  ON p.subject_key = e.subject_key AND p.purpose_id = e.purpose_id
WHERE e.occurred_at < (SELECT period_end FROM scope)
GROUP BY e.subject_key, e.purpose_id, e.occurred_at
