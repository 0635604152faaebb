-- Consent and withdrawal per consent-based purpose, for each window: the months of a trend,
-- or one window covering the report period ($window_start, $window_end, $step_months; every
-- window ends by the scope's period end).
--   decided       subjects with a consent decision for the purpose before the window end
--   valid_at_end  of them, those whose consent is valid at the window end
--   consenting    subjects whose consent was valid at some moment of the window
--   grants, withdrawals   ledger events in the window; withdrew = distinct subjects withdrawing
-- The consent state is the rule of the scope's rule views (governance/rules/consent_history.sql):
-- each state of a pair holds from occurred_at until next_at, a withdrawal winning a tie. A trend
-- starts months before the scope's period, where consent_changes has no rows, so the states are
-- built here the same way from the first window's start: each pair's state at the latest
-- month end at or before it (consent_checkpoints, kept by the load) followed by the ledger's
-- instants from there to the last window's end. Only validity is needed, not ever_valid or
-- withdrawn_since. Checkpoints that do not cover the ledger (consent_checkpoint_meta) are not
-- read: then every ledger row before the last window's end is. Subjects are counted by their
-- pseudonymous ledger key: no identity is read.
WITH windows AS (
    SELECT w AS window_start, w + to_months($step_months) AS window_end
    FROM range($window_start::TIMESTAMPTZ, $window_end::TIMESTAMPTZ, to_months($step_months)) AS t(w)
),
consent_purposes AS (
    SELECT p.purpose_id, p.name AS purpose
    FROM purposes p
    JOIN legal_bases l USING (legal_basis_id)
    WHERE l.consent_based
),
covering AS (
    SELECT m.covered_seq
    FROM consent_checkpoint_meta m
    WHERE m.covered_seq = (SELECT coalesce(max(seq), 0) FROM consent_events)
      AND m.covered_events = (SELECT count(*) FROM consent_events)
),
anchor AS (
    SELECT max(c.from_month_end) AS anchor_at
    FROM consent_checkpoints c
    WHERE c.from_month_end <= $window_start::TIMESTAMPTZ
      AND EXISTS (SELECT 1 FROM covering)
),
instants AS (
    SELECT c.subject_key, c.purpose_id, c.occurred_at, c.valid
    FROM consent_checkpoints c
    JOIN anchor a
      ON c.from_month_end <= a.anchor_at
     AND (c.until_month_end IS NULL OR c.until_month_end > a.anchor_at)
    WHERE c.purpose_id IN (SELECT purpose_id FROM consent_purposes)
    UNION ALL
    SELECT e.subject_key, e.purpose_id, e.occurred_at,
           NOT bool_or(e.action = 'withdraw') AS valid
    FROM consent_events e
    WHERE e.occurred_at < $window_end::TIMESTAMPTZ
      AND ((SELECT anchor_at FROM anchor) IS NULL
           OR e.occurred_at >= (SELECT anchor_at FROM anchor))
      AND e.purpose_id IN (SELECT purpose_id FROM consent_purposes)
    GROUP BY e.subject_key, e.purpose_id, e.occurred_at
),
states AS (
    SELECT subject_key, purpose_id, valid, occurred_at,
           lead(occurred_at) OVER (PARTITION BY subject_key, purpose_id ORDER BY occurred_at)
               AS next_at
    FROM instants
),
-- the state holding just before the window end
state_at_end AS (
    SELECT w.window_start, s.purpose_id,
           count(*) AS decided,
           count(*) FILTER (WHERE s.valid) AS valid_at_end
    FROM windows w
    JOIN states s
      ON s.occurred_at < w.window_end AND (s.next_at IS NULL OR s.next_at >= w.window_end)
    GROUP BY ALL
),
consenting AS (
    SELECT w.window_start, s.purpose_id, count(DISTINCT s.subject_key) AS consenting
    FROM windows w
    JOIN states s
      ON s.valid
     AND s.occurred_at < w.window_end
     AND (s.next_at IS NULL OR s.next_at > w.window_start)
    GROUP BY ALL
),
activity AS (
    SELECT w.window_start, e.purpose_id,
           count(*) FILTER (WHERE e.action = 'grant') AS grants,
           count(*) FILTER (WHERE e.action = 'withdraw') AS withdrawals,
           count(DISTINCT e.subject_key) FILTER (WHERE e.action = 'withdraw') AS withdrew
    FROM windows w
    JOIN consent_events e ON e.occurred_at >= w.window_start AND e.occurred_at < w.window_end
    WHERE e.purpose_id IN (SELECT purpose_id FROM consent_purposes)
    GROUP BY ALL
)
SELECT strftime(w.window_start, '%Y-%m') AS month,
       p.purpose_id,
       p.purpose,
       coalesce(s.decided, 0) AS decided,
       coalesce(s.valid_at_end, 0) AS valid_at_end,
       coalesce(c.consenting, 0) AS consenting,
       coalesce(a.grants, 0) AS grants,
       coalesce(a.withdrawals, 0) AS withdrawals,
       coalesce(a.withdrew, 0) AS withdrew,
       s.valid_at_end / nullif(s.decided, 0) AS consent_rate,
       coalesce(a.withdrew, 0) / nullif(c.consenting, 0) AS withdrawal_rate
FROM windows w
CROSS JOIN consent_purposes p
LEFT JOIN state_at_end s ON s.window_start = w.window_start AND s.purpose_id = p.purpose_id
LEFT JOIN consenting c ON c.window_start = w.window_start AND c.purpose_id = p.purpose_id
LEFT JOIN activity a ON a.window_start = w.window_start AND a.purpose_id = p.purpose_id
ORDER BY w.window_start, p.purpose
