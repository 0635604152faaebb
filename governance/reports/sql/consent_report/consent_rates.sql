-- Consent and withdrawal per consent-based purpose, for each window: the months of a trend,
-- or one window covering the report period ($window_start, $window_end, $step_months).
--   decided       subjects with a consent decision for the purpose before the window end
--   valid_at_end  of them, those whose latest decision is a grant (as the consent_state macro:
--                 at the same instant a withdraw wins, then the higher ledger seq)
--   consenting    subjects whose consent was valid at some moment of the window
--   grants, withdrawals   ledger events in the window; withdrew = distinct subjects withdrawing
-- Subjects are counted by their pseudonymous ledger key: no identity is read.
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
-- each decision with the instant the next one replaced it: the state at t is the decision
-- with occurred_at < t <= next_at (ordering as consent_state, ascending, so the winner is last)
decisions AS (
    SELECT e.subject_key, e.purpose_id, e.action, e.occurred_at,
           lead(e.occurred_at) OVER (
               PARTITION BY e.subject_key, e.purpose_id
               ORDER BY e.occurred_at, e.action = 'withdraw', e.seq
           ) AS next_at
    FROM consent_events e
    WHERE e.occurred_at < $window_end::TIMESTAMPTZ
      AND e.purpose_id IN (SELECT purpose_id FROM consent_purposes)
),
state_at_end AS (
    SELECT w.window_start, d.purpose_id,
           count(*) AS decided,
           count(*) FILTER (WHERE d.action = 'grant') AS valid_at_end
    FROM windows w
    JOIN decisions d
      ON d.occurred_at < w.window_end AND (d.next_at IS NULL OR d.next_at >= w.window_end)
    GROUP BY ALL
),
consenting AS (
    SELECT w.window_start, d.purpose_id, count(DISTINCT d.subject_key) AS consenting
    FROM windows w
    JOIN decisions d
      ON d.action = 'grant'
     AND d.occurred_at < w.window_end
     AND (d.next_at IS NULL OR (d.next_at > w.window_start AND d.next_at > d.occurred_at))
    GROUP BY ALL
),
activity AS (
    SELECT w.window_start, d.purpose_id,
           count(*) FILTER (WHERE d.action = 'grant') AS grants,
           count(*) FILTER (WHERE d.action = 'withdraw') AS withdrawals,
           count(DISTINCT d.subject_key) FILTER (WHERE d.action = 'withdraw') AS withdrew
    FROM windows w
    JOIN decisions d ON d.occurred_at >= w.window_start AND d.occurred_at < w.window_end
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
