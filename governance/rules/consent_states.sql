-- The consent state of each pair from each instant of consent_instants on: withdrawn or not, and
-- since when it has been withdrawn. The state became "withdrawn" at the first withdrawal after
-- the latest grant, so a repeated withdrawal does not restart a grace period.
CREATE OR REPLACE TEMP VIEW consent_states AS
WITH numbered AS (
    SELECT *, count(*) FILTER (WHERE NOT withdrawn) OVER (
               PARTITION BY subject_key, purpose_id ORDER BY occurred_at
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS grants_so_far
    FROM consent_instants
)
SELECT subject_key, purpose_id, occurred_at, withdrawn,
       min(occurred_at) FILTER (WHERE withdrawn)
         OVER (PARTITION BY subject_key, purpose_id, grants_so_far) AS withdrawn_since
FROM numbered
