-- The stored figures' catalogue (governance/reports/stored.py): one row per stored result,
-- keyed by the scope and the query (its text's SHA-256 and its parameters as JSON); the rows
-- themselves are in stored_figures.<table_name>, with the column types DuckDB gives the query.
CREATE SCHEMA IF NOT EXISTS stored_figures;
CREATE TABLE IF NOT EXISTS stored_figures.catalogue (
    period      VARCHAR NOT NULL,
    framework   VARCHAR NOT NULL,
    lang        VARCHAR NOT NULL,
    sql_sha256  VARCHAR NOT NULL,
    params      VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    sql_file    VARCHAR NOT NULL,
    engine      VARCHAR NOT NULL,
    row_count   BIGINT NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (period, framework, lang, sql_sha256, params)
);
