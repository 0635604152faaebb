-- The census's blank lines and line shifts (census.py) as tables for the numbering of
-- unreadable.sql and renumber.sql. `census_blank_units` and `census_line_shifts` are Arrow
-- tables the loader registers for these two statements only.
CREATE OR REPLACE TEMP TABLE ingest_blank_units AS SELECT unit FROM census_blank_units;
CREATE OR REPLACE TEMP TABLE ingest_line_shifts AS SELECT from_unit, shift FROM census_line_shifts;
