"""`connect` when another process holds the database: whom it names, and whether it waits.

DuckDB lets no writer open a file that any other process has open, even read-only, and its
error names that process's PID. A report's kernel is ours and lets go when its notebook ends:
a writer waits for it. A leftover of a killed report is named as such. (A holder that is not
ours is named at once: tests/store/test_initialise.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from governance.errors import StoreError
from governance.store.connection import RUN_ENV, RunMark, connect


def _hold(db: Path, mark: RunMark, seconds: float) -> subprocess.Popen[str]:
    """A process of the run `mark` (as a report kernel is) holding `db` read-only."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(db)!r}, read_only=True)
            print("holding", flush=True)
            time.sleep({seconds})
            con.close()
            time.sleep(60)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **{RUN_ENV: str(mark)}),
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_writer_waits_for_a_report_kernel_to_let_go_and_says_so(
    minimal_db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    run = RunMark.of_this_process("report")  # this process plays the report run
    holder = _hold(minimal_db, run, seconds=2)
    try:
        started = time.monotonic()
        con = connect(minimal_db)
        waited = time.monotonic() - started
        con.close()
    finally:
        holder.kill()
        holder.wait()
    assert 1 < waited < 30
    err = capfd.readouterr().err
    assert err.count("waiting for") == 1
    assert f"waiting for the report run (pid {os.getpid()} since " in err
    assert "to release the database (up to 300 s)" in err


def test_a_leftover_of_a_killed_report_is_named_as_such(
    minimal_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    run = RunMark("report", dead.pid, 1)  # a run whose process is gone
    holder = _hold(minimal_db, run, seconds=60)
    monkeypatch.setenv("GOVERNANCE_DB_WAIT", "1")
    try:
        with pytest.raises(StoreError) as raised:
            connect(minimal_db)
    finally:
        holder.kill()
        holder.wait()
    assert (
        f"in use by another process: pid {holder.pid} (left over from the killed report run, "
        f"pid {dead.pid} since " in str(raised.value)
    )
