"""Building consent ledgers for the tests: a staged table filled in SQL, as the loader leaves it.

Not a test module (no `test_` prefix); the ledger tests import it by name, pytest having put
this folder on sys.path.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from governance.store import connect
from governance.store.ledger import append_consent_events, bind_pseudonym_key

KEY = "test-pseudonym-key-0123456789"
STAGED = "staged_consent"

STAGED_TABLE = f"""
CREATE OR REPLACE TEMP TABLE {STAGED} (
    event_id VARCHAR, subject_id VARCHAR, purpose_id VARCHAR, action VARCHAR,
    occurred_at TIMESTAMPTZ, policy_version VARCHAR, channel VARCHAR, evidence_ref VARCHAR,
    extra JSON, load_id BIGINT, source_line BIGINT
)
"""

# Events e-<i>: subjects s-0..s-2 in turn, purposes newsletter/site_analytics in turn, every
# fourth a withdrawal, one minute apart from 2026-01-01 00:00 UTC, in file order.
SERIES = f"""
INSERT INTO {STAGED}
SELECT
    'e-' || i,
    's-' || (i % 3),
    CASE WHEN i % 2 = 0 THEN 'newsletter' ELSE 'site_analytics' END,
    CASE WHEN i % 4 = 0 THEN 'withdraw' ELSE 'grant' END,
    TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_minutes(i::BIGINT),
    '2026-01', 'web', 'form/' || i, NULL, $load_id, i + 1
FROM range($first, $last + 1) AS r(i)
"""

Event = tuple[str, str, str, str, datetime]  # event_id, subject_id, purpose_id, action, at

# What the loader records beside each consent load, in the same transaction: `governance verify`
# holds the ledger to it. Two appends under one load id add up.
LOAD_LOG = """
INSERT INTO load_log (load_id, kind, source_path, content_sha256, loaded_at, rows_read,
                      rows_loaded, rows_updated, rows_quarantined, rows_duplicate, package_version)
VALUES ($load_id, 'consent_events', 'consent_events_' || $load_id || '.csv', 'sha', now(), $rows,
        $rows, 0, 0, 0, 'test')
ON CONFLICT (load_id) DO UPDATE SET rows_read = rows_read + excluded.rows_read,
                                    rows_loaded = rows_loaded + excluded.rows_loaded
"""


def record_load(con: duckdb.DuckDBPyConnection, load_id: int, rows: int) -> int:
    """Record `rows` appended under `load_id` in load_log, as the loader does; return `rows`."""
    if rows:
        con.execute(LOAD_LOG, {"load_id": load_id, "rows": rows})
    return rows


def open_ledger(db: Path) -> duckdb.DuckDBPyConnection:
    """A writing connection to `db` with the test key bound."""
    con = connect(db)
    bind_pseudonym_key(con, KEY)
    return con


def append_series(con: duckdb.DuckDBPyConnection, first: int, last: int, load_id: int = 1) -> int:
    """Stage events e-<first>..e-<last> (see SERIES) and append them to the ledger."""
    con.execute(STAGED_TABLE)
    con.execute(SERIES, {"first": first, "last": last, "load_id": load_id})
    return record_load(con, load_id, append_consent_events(con, STAGED))


def append_events(con: duckdb.DuckDBPyConnection, events: list[Event], load_id: int = 1) -> int:
    """Stage the given events in this order (channel web, policy 2026-01) and append them."""
    con.execute(STAGED_TABLE)
    if events:
        con.executemany(
            f"INSERT INTO {STAGED} VALUES (?, ?, ?, ?, ?, '2026-01', 'web', 'form', NULL, ?, ?)",
            [(*event, load_id, line) for line, event in enumerate(events, start=2)],
        )
    return record_load(con, load_id, append_consent_events(con, STAGED))


def problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """verify_ledger's problems as the CLI prints them."""
    from governance.store.ledger import verify_ledger

    return [str(problem) for problem in verify_ledger(con).problems]
