-- Recompute the consent checkpoints (schema/014) at every month end after $since (a UTC month
-- start; NULL: every month end, a full build), in one pass over the ledger rows from $since on.
-- The states at month ends up to $since do not depend on those rows and stay; the state at
-- $since is carried into the pass (its rows are deleted and written again with their new end).
-- The rule is the one of governance/rules/consent_history.sql (a withdrawal wins a tie; a
-- consent exists only from a valid instant until a withdrawn one), carried across $since the
-- same way: a test compares both with a replay of the whole ledger.
CREATE OR REPLACE TEMP TABLE checkpoint_carried AS
SELECT *
FROM consent_checkpoints
WHERE $since::TIMESTAMPTZ IS NOT NULL
  AND from_month_end <= $since::TIMESTAMPTZ
  AND (until_month_end IS NULL OR until_month_end > $since::TIMESTAMPTZ);

DELETE FROM consent_checkpoints
WHERE $since::TIMESTAMPTZ IS NULL
   OR until_month_end IS NULL
   OR until_month_end > $since::TIMESTAMPTZ;

INSERT INTO consent_checkpoints
WITH instants AS (
    SELECT subject_key, purpose_id, occurred_at,
           NOT bool_or(action = 'withdraw') AS valid,
           arg_max(coalesce(channel, '(none)'), seq) FILTER (WHERE action = 'grant') AS channel,
           CAST(NULL AS TIMESTAMPTZ) AS carried_from,
           false AS carried_ever_valid,
           CAST(NULL AS TIMESTAMPTZ) AS carried_withdrawn_since
    FROM consent_events
    WHERE $since::TIMESTAMPTZ IS NULL OR occurred_at >= $since::TIMESTAMPTZ
    GROUP BY subject_key, purpose_id, occurred_at
    UNION ALL
    SELECT subject_key, purpose_id, occurred_at, valid, channel, from_month_end, ever_valid,
           withdrawn_since
    FROM checkpoint_carried
),
numbered AS (
    SELECT *,
           count(*) FILTER (WHERE valid) OVER (
               PARTITION BY subject_key, purpose_id ORDER BY occurred_at
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS valid_so_far,
           lead(occurred_at) OVER (
               PARTITION BY subject_key, purpose_id ORDER BY occurred_at) AS next_at,
           bool_or(carried_ever_valid) OVER (PARTITION BY subject_key, purpose_id)
               AS before_ever_valid,
           max(carried_withdrawn_since) OVER (PARTITION BY subject_key, purpose_id)
               AS before_withdrawn_since
    FROM instants
),
states AS (
    SELECT subject_key, purpose_id, occurred_at, valid, carried_from, next_at,
           CASE WHEN valid THEN channel END AS channel,
           valid_so_far > 0 OR before_ever_valid AS ever_valid,
           CASE WHEN NOT valid AND (valid_so_far > 0 OR before_ever_valid) THEN
               CASE WHEN valid_so_far = 0 THEN before_withdrawn_since
                    ELSE min(occurred_at) FILTER (WHERE NOT valid)
                           OVER (PARTITION BY subject_key, purpose_id, valid_so_far) END
           END AS withdrawn_since
    FROM numbered
),
-- the month ends each state holds at: from the first one after its instant (a carried state
-- keeps its own) up to and including the first one at or after the next instant
held AS (
    SELECT *,
           coalesce(carried_from,
                    timezone('UTC', date_trunc('month', timezone('UTC', occurred_at))
                                    + INTERVAL 1 MONTH)) AS from_month_end,
           timezone('UTC', date_trunc('month', timezone('UTC', next_at)) + INTERVAL 1 MONTH)
               AS until_month_end
    FROM states
)
SELECT from_month_end, until_month_end, subject_key, purpose_id, occurred_at, valid, channel,
       ever_valid, withdrawn_since
FROM held
WHERE until_month_end IS NULL OR from_month_end < until_month_end;

DELETE FROM consent_checkpoint_meta;

INSERT INTO consent_checkpoint_meta
SELECT coalesce(max(seq), 0), count(*), now() FROM consent_events;

DROP TABLE checkpoint_carried;
