"""A load runs within a memory limit (default a tenth of the machine; --memory-limit or
GOVERNANCE_MEMORY_LIMIT) and spills beside the database instead of growing with the file."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, TEST_PSEUDONYM_KEY, run_cli

from governance.errors import StoreError
from governance.store.connection import MEMORY_ENV, limit_memory, memory_limit

EVENTS = ROOT / "data_samples" / "metrix" / "events"


def test_the_default_is_a_tenth_of_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.delenv(MEMORY_ENV, raising=False)
    total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    assert memory_limit() == f"{int(total_mb / 10)}MB"
    monkeypatch.setenv(MEMORY_ENV, "1GB")
    assert memory_limit() == "1GB"
    assert memory_limit("512MB") == "512MB"  # the option wins over the environment


def test_the_limit_and_the_spill_folder_are_set_on_the_connection(tmp_path: Path) -> None:
    db = tmp_path / "limited.duckdb"
    con = duckdb.connect(str(db))
    try:
        limit_memory(con, "300MB")
        limit, spill = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
        ).fetchone()
        with pytest.raises(StoreError, match="memory limit 'plenty'"):
            limit_memory(con, "plenty")
    finally:
        con.close()
    assert limit == "286.1 MiB"
    assert spill == f"{db}.tmp"


def test_a_load_within_a_small_limit_loads_everything(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_db, db)
    files = [EVENTS / "subjects.csv", EVENTS / "consent_events.csv"]
    env = {"GOVERNANCE_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY}
    result = run_cli("load", db, *files, "--memory-limit", "64MB", env=env)
    assert result.returncode == 0, result.stderr
    assert "consent_events.csv: read 10581, loaded 10581" in result.stdout


def test_a_limit_that_is_no_size_is_wrong_usage(sample_db: Path) -> None:
    result = run_cli("load", sample_db, EVENTS / "subjects.csv", "--memory-limit", "lots")
    assert result.returncode == 2
    assert "memory limit 'lots' is not a size such as 3GB or 512MB" in result.stderr


#: About DuckDB's smallest limit this load works within (at 64MB it runs out of memory pinning a
#: block), and a consent file of 87 MB, larger than it, in the sample register's vocabulary
SPILL_LIMIT = "80MB"
SPILL_ROWS = 1_000_000
SPILL_EVENTS = """
COPY (
    SELECT printf('M-%09d', i) AS event_id,
           printf('S-%06d', 1 + i % 5000) AS subject_id,
           ['cookies', 'email_marketing', 'personalisation', 'recruitment'][1 + i % 4]
               AS purpose_id,
           CASE WHEN i % 7 = 0 THEN 'withdraw' ELSE 'grant' END AS action,
           strftime(TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(i),
                    '%Y-%m-%dT%H:%M:%SZ') AS occurred_at,
           ['1.0', '2.0', '2.1'][1 + i % 3] AS policy_version,
           ['cookie_banner', 'app', 'web_form', 'ats_form'][1 + i % 4] AS channel,
           printf('EV-%09d', i) AS evidence_ref
    FROM range(?) AS t(i)
) TO '{path}' (HEADER, FORMAT csv)
"""


def _watch_spill(folder: Path, stop: threading.Event, seen: list[str]) -> None:
    """Note the files DuckDB writes to `folder` while the load runs (it removes them after)."""
    while not stop.is_set():
        if folder.is_dir():
            seen.extend(path.name for path in folder.iterdir() if path.name not in seen)
        stop.wait(0.02)


def test_a_consent_file_larger_than_the_limit_loads_by_spilling(
    sample_db: Path, tmp_path: Path
) -> None:
    """The acceptance case of issue 19: the file does not fit in the limit, every row loads, and
    what did not fit went to `<db>.tmp/` (DuckDB deletes its spill files when it is done, so they
    are watched for while the load runs)."""
    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_db, db)
    consent = tmp_path / "consent_events.csv"
    duckdb.execute(SPILL_EVENTS.format(path=consent), [SPILL_ROWS])
    assert consent.stat().st_size > int(SPILL_LIMIT.removesuffix("MB")) * 10**6  # DuckDB's MB
    env = {"GOVERNANCE_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY}
    stop, spilled = threading.Event(), []
    watcher = threading.Thread(target=_watch_spill, args=(Path(f"{db}.tmp"), stop, spilled))
    watcher.start()
    try:
        result = run_cli(
            "load", db, EVENTS / "subjects.csv", consent, "--memory-limit", SPILL_LIMIT, env=env
        )
    finally:
        stop.set()
        watcher.join()
    assert result.returncode == 0, result.stderr
    assert f"consent_events.csv: read {SPILL_ROWS}, loaded {SPILL_ROWS} (" in result.stdout
    assert "quarantined 0" in result.stdout.splitlines()[-1]
    assert spilled, f"nothing was spilled to {db}.tmp"
    con = duckdb.connect(str(db), read_only=True)
    try:
        loaded, first, last = con.execute(
            "SELECT count(*), min(event_id), max(event_id) FROM consent_events"
        ).fetchone()
    finally:
        con.close()
    assert (loaded, first, last) == (SPILL_ROWS, "M-000000000", f"M-{SPILL_ROWS - 1:09d}")
