"""A load runs within a memory limit (default a quarter of the machine; --memory-limit or
GOVERNANCE_MEMORY_LIMIT) and spills beside the database instead of growing with the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, TEST_PSEUDONYM_KEY, run_cli

from governance.errors import StoreError
from governance.store.connection import MEMORY_ENV, limit_memory, memory_limit

EVENTS = ROOT / "data_samples" / "metrix" / "events"


def test_the_default_is_a_quarter_of_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.delenv(MEMORY_ENV, raising=False)
    total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    assert memory_limit() == f"{int(total_mb / 4)}MB"
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
