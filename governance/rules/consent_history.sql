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
-- A month costs a month: the rows start at the anchor, the latest month end at or before the
-- period start, whose state the load keeps in consent_checkpoints (schema/014,
-- store/checkpoints.py). Each pair's state at the anchor is carried in as its first row (its
-- own instant, validity, channel, ever_valid, withdrawn_since), followed by the instants of
-- the ledger rows from the anchor to the period end; ever_valid and withdrawn_since continue
-- from the carried ones. So the view holds every state that still holds at the anchor or
-- later (a pair's earlier states, over before the anchor, are left out) with the values a
-- pass over the whole ledger gives. The checkpoints are used only while they cover the ledger
-- (consent_checkpoint_meta matches its highest seq and row count); otherwise there is no
-- anchor and every ledger row before the period end is read, as before.
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
-- the checkpoints cover the ledger: computed from every row it holds, no row added since
covering AS (
    SELECT m.covered_seq
    FROM consent_checkpoint_meta m
    WHERE m.covered_seq = (SELECT coalesce(max(seq), 0) FROM consent_events)
      AND m.covered_events = (SELECT count(*) FROM consent_events)
),
anchor AS (
    SELECT max(c.from_month_end) AS anchor_at
    FROM consent_checkpoints c
    WHERE c.from_month_end <= (SELECT period_start FROM scope)
      AND EXISTS (SELECT 1 FROM covering)
),
carried AS (
    SELECT c.subject_key, c.purpose_id, c.occurred_at, c.valid, c.channel, c.ever_valid,
           c.withdrawn_since
    FROM consent_checkpoints c
    JOIN anchor a
      ON c.from_month_end <= a.anchor_at
     AND (c.until_month_end IS NULL OR c.until_month_end > a.anchor_at)
),
events AS (
    SELECT e.subject_key, e.purpose_id, e.occurred_at, e.action, e.channel, e.seq
    FROM consent_events e
    WHERE e.occurred_at < (SELECT period_end FROM scope)
      AND ((SELECT anchor_at FROM anchor) IS NULL
           OR e.occurred_at >= (SELECT anchor_at FROM anchor))
),
ledger AS (
    SELECT 'period' AS reach, e.*
    FROM events e
    SEMI JOIN period_pairs p ON p.subject_key = e.subject_key AND p.purpose_id = e.purpose_id
    UNION ALL
    SELECT 'ledger' AS reach, e.*
    FROM events e
),
instants AS (
    SELECT reach, subject_key, purpose_id, occurred_at,
           NOT bool_or(action = 'withdraw') AS valid,
           -- the channel of the grant that made the consent valid (the later one of a tie)
           arg_max(coalesce(channel, '(none)'), seq) FILTER (WHERE action = 'grant') AS channel,
           false AS carried_ever_valid,
           CAST(NULL AS TIMESTAMPTZ) AS carried_withdrawn_since
    FROM ledger
    GROUP BY reach, subject_key, purpose_id, occurred_at
    UNION ALL
    SELECT 'period' AS reach, c.subject_key, c.purpose_id, c.occurred_at, c.valid, c.channel,
           c.ever_valid, c.withdrawn_since
    FROM carried c
    SEMI JOIN period_pairs p ON p.subject_key = c.subject_key AND p.purpose_id = c.purpose_id
    UNION ALL
    SELECT 'ledger' AS reach, c.subject_key, c.purpose_id, c.occurred_at, c.valid, c.channel,
           c.ever_valid, c.withdrawn_since
    FROM carried c
),
numbered AS (
    SELECT *,
           count(*) FILTER (WHERE valid) OVER (
               PARTITION BY reach, subject_key, purpose_id ORDER BY occurred_at
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS valid_so_far,
           lead(occurred_at) OVER (
               PARTITION BY reach, subject_key, purpose_id ORDER BY occurred_at) AS next_at,
           -- the carried state (the first row, if any) continues into the rows after it
           max(CASE WHEN carried_ever_valid THEN 1 ELSE 0 END) OVER (
               PARTITION BY reach, subject_key, purpose_id) = 1 AS ever_valid_before,
           max(carried_withdrawn_since) OVER (
               PARTITION BY reach, subject_key, purpose_id) AS withdrawn_before
    FROM instants
)
SELECT reach, subject_key, purpose_id, occurred_at, next_at, valid,
       CASE WHEN valid THEN channel END AS channel,
       valid_so_far > 0 OR ever_valid_before AS ever_valid,
       CASE WHEN NOT valid AND (valid_so_far > 0 OR ever_valid_before) THEN
           CASE WHEN valid_so_far = 0 THEN withdrawn_before
                ELSE min(occurred_at) FILTER (WHERE NOT valid)
                       OVER (PARTITION BY reach, subject_key, purpose_id, valid_so_far) END
       END AS withdrawn_since
FROM numbered
