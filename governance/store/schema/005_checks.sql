-- Check runs and their findings, kept per run so history builds up period by period.

CREATE SEQUENCE check_run_id_seq START 1;

CREATE TABLE check_runs (
    run_id BIGINT PRIMARY KEY,
    period VARCHAR NOT NULL,           -- label: 2026-10, 2026-Q3, 2026
    period_kind VARCHAR NOT NULL,      -- month, quarter, year
    period_start TIMESTAMPTZ NOT NULL,
    period_end TIMESTAMPTZ NOT NULL,
    framework VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    package_version VARCHAR NOT NULL,
    register_sha256 VARCHAR,
    status VARCHAR NOT NULL            -- running, completed, completed_with_errors
);

-- One row per check per run: its outcome even when it found nothing or failed.
CREATE TABLE check_results (
    run_id BIGINT NOT NULL,
    check_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    policy_section INTEGER NOT NULL,
    articles VARCHAR,
    status VARCHAR NOT NULL,           -- passed, failed (has findings), errored
    finding_count BIGINT NOT NULL,
    error_message VARCHAR,
    duration_ms BIGINT NOT NULL
);

-- The violating rows: `finding_key` is stable across runs (the check's key columns), so a run
-- can be compared with an earlier one; `details` is the whole row the check returned.
CREATE TABLE findings (
    run_id BIGINT NOT NULL,
    check_id VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    finding_key VARCHAR NOT NULL,
    details JSON NOT NULL
);
