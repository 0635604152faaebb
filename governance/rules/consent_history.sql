-- The consent state of a (subject, purpose) pair over time: THE rule (docs/checks.md,
-- "Conventions"), written once here and read through the views consent_states (the pairs the
-- period's events need: the consent checks) and consent_changes (every pair: the consent
-- figures of metrics and reports). Nothing else reads this view: it holds each pair once per
-- reach, so reading it without `reach = ...` would count the period's pairs twice.
--
--   * The ledger's events before the period end collapse to one row per instant: at the same
--     instant a withdrawal wins over a grant (`valid` is a grant with no withdrawal beside it).
--   * The state set at `occurred_at` holds until the pair's next instant, `next_at` (NULL: past
--     the period end). Consent exists only from a valid instant until a withdrawn one.
--   * `ever_valid`: the pair's consent was valid at this instant or an earlier one. A pair
--     that never was (no event, only withdrawals, or grants each tied with a withdrawal) has
--     no consent to withdraw: processing then is consent.missing, never after_withdrawal.
--   * `withdrawn_since`: when withdrawn after a valid consent, the instant that consent was
--     withdrawn (the first withdrawn instant after the latest valid one, so a repeated
--     withdrawal does not restart a grace period); NULL otherwise.
--
-- Two reaches of the ledger, so that a check reads only the pairs its period needs (a semi
-- join keeps the 10 M events of a large ledger to a fraction) and a figure reads them all:
--   'period': the pairs of the period's consent-based processing and of its disclosures;
--   'ledger': every pair.
-- `reach` is a column of every grouping and window below, so a filter on it reaches the
-- ledger read (DuckDB and Spark push it down and drop the other branch).
CREATE OR REPLACE TEMP VIEW consent_history AS
WITH period_pairs AS (
    SELECT subject_key, purpose_id FROM consent_processing
    UNION
    SELECT k.subject_key, d.purpose_id
    FROM disclosures d
    JOIN scope s ON d.disclosed_at >= s.period_start AND d.disclosed_at < s.period_end
    JOIN subject_keys k ON k.subject_id = d.subject_id
),
ledger AS (
    SELECT 'period' AS reach, e.subject_key, e.purpose_id, e.occurred_at, e.action, e.channel,
           e.seq
    FROM consent_events e
    SEMI JOIN period_pairs p ON p.subject_key = e.subject_key AND p.purpose_id = e.purpose_id
    WHERE e.occurred_at < (SELECT period_end FROM scope)
    UNION ALL
    SELECT 'ledger' AS reach, e.subject_key, e.purpose_id, e.occurred_at, e.action, e.channel,
           e.seq
    FROM consent_events e
    WHERE e.occurred_at < (SELECT period_end FROM scope)
),
instants AS (
    SELECT reach, subject_key, purpose_id, occurred_at,
           NOT bool_or(action = 'withdraw') AS valid,
           -- the channel of the grant that made the consent valid (the later one of a tie)
           arg_max(coalesce(channel, '(none)'), seq) FILTER (WHERE action = 'grant') AS channel
    FROM ledger
    GROUP BY reach, subject_key, purpose_id, occurred_at
),
numbered AS (
    SELECT *,
           count(*) FILTER (WHERE valid) OVER (
               PARTITION BY reach, subject_key, purpose_id ORDER BY occurred_at
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS valid_so_far,
           lead(occurred_at) OVER (
               PARTITION BY reach, subject_key, purpose_id ORDER BY occurred_at) AS next_at
    FROM instants
)
SELECT reach, subject_key, purpose_id, occurred_at, next_at, valid,
       CASE WHEN valid THEN channel END AS channel,
       valid_so_far > 0 AS ever_valid,
       CASE WHEN NOT valid AND valid_so_far > 0 THEN
           min(occurred_at) FILTER (WHERE NOT valid)
             OVER (PARTITION BY reach, subject_key, purpose_id, valid_so_far)
       END AS withdrawn_since
FROM numbered
