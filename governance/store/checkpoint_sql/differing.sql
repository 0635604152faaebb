-- The month ends where the stored checkpoints (checkpoint_stored, copied before a full
-- recomputation) and the recomputed ones (consent_checkpoints) disagree: a row one side has
-- and the other lacks names the first month end it holds at.
WITH stored_only AS (
    SELECT * FROM checkpoint_stored EXCEPT SELECT * FROM consent_checkpoints
),
computed_only AS (
    SELECT * FROM consent_checkpoints EXCEPT SELECT * FROM checkpoint_stored
)
SELECT DISTINCT from_month_end
FROM (SELECT from_month_end FROM stored_only UNION ALL SELECT from_month_end FROM computed_only)
ORDER BY from_month_end
