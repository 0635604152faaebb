-- The scope's one row, typed: the period every query of this scope measures (half-open, UTC),
-- the framework whose figures apply, its time zone for local dates, and the check run to read
-- (NULL when the period was never checked: finding-based figures then come back NULL, not 0).
-- Every shipped query reads the period from here, never from a parameter of its own.
CREATE OR REPLACE TEMP TABLE scope AS
SELECT CAST(period AS VARCHAR) AS period,
       CAST(period_kind AS VARCHAR) AS period_kind,
       CAST(period_start AS TIMESTAMPTZ) AS period_start,
       CAST(period_end AS TIMESTAMPTZ) AS period_end,
       CAST(framework AS VARCHAR) AS framework,
       CAST(timezone AS VARCHAR) AS timezone,
       CAST(run_id AS BIGINT) AS run_id
FROM scope_frame
