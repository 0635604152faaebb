"""Faults with real processes: `kill -9` of a load and of a report, runs that overlap.

Issue 14 (points 3, 4, 10): after `kill -9` of `governance report` its workers and kernels lived
on for minutes, holding the database, so every later load exited 4; a load during a report failed
at once; the killed load's `.wal` (thousands of e-mails) was 0644. Each test starts the real
command in a subprocess, as cron would, and kills it with SIGKILL: nothing in the process can
clean up after itself, so whatever is right afterwards is right by design.
"""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_EVENTS, SAMPLE_REGISTER
from fault_helpers import (
    REPORT_PERIOD,
    copy_database,
    descendants,
    kernels_of,
    kill_survivors,
    run_cli_under,
    start_cli,
    survivors,
    table_counts,
    wait_for,
)

EVENT_TABLES = sorted(path.stem for path in SAMPLE_EVENTS.glob("*.csv"))
#: two notebooks: two workers, two kernels, about ten seconds of work
TWO_NOTEBOOKS = ("--notebook", "compliance_dashboard", "--notebook", "consent_report")


@pytest.fixture(scope="module")
def checked_sample(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample company with the checks of every period a 2026-10 report shows (copy it)."""
    from governance.checks import run_checks
    from governance.period import Period

    db = copy_database(sample_events_db, tmp_path_factory.mktemp("checked"))
    period = Period.parse(REPORT_PERIOD)
    for _ in range(6):
        run_checks(db, period)
        period = period.previous()
    return db


def _report(db: Path, out: Path, *notebooks: str) -> subprocess.Popen[str]:
    return start_cli("report", db, "--period", REPORT_PERIOD, "--out", out, *notebooks)


def test_a_load_killed_mid_write_leaves_an_owner_only_wal_and_the_next_load_is_exact(
    tmp_path: Path, sample_events_db: Path
) -> None:
    db = tmp_path / "db" / "metrix.duckdb"
    assert run_cli_under("init", db, "--register", SAMPLE_REGISTER).returncode == 0
    files = sorted(SAMPLE_EVENTS.glob("*.csv"))
    wal = db.with_name(db.name + ".wal")
    load = start_cli("load", db, *files)
    try:
        wait_for(lambda: wal.exists() and wal.stat().st_size > 0, 60, "the load to write")
        wal_mode = stat.S_IMODE(wal.stat().st_mode)
        os.kill(load.pid, signal.SIGKILL)
    finally:
        load.kill()
        load.communicate()
    assert load.returncode == -signal.SIGKILL  # killed mid-run, not finished before the kill
    assert wal_mode == 0o600  # it holds the subjects' e-mails and phones until checkpointed
    again = run_cli_under("load", db, *files)
    assert again.returncode == 0, again.stderr
    assert table_counts(db, EVENT_TABLES) == table_counts(sample_events_db, EVENT_TABLES)


def test_a_killed_report_leaves_no_process_behind_and_the_next_report_and_load_succeed(
    tmp_path: Path, checked_sample: Path
) -> None:
    db = copy_database(checked_sample, tmp_path / "db")
    out = tmp_path / "reports"
    report = _report(db, out, *TWO_NOTEBOOKS)
    tree: dict[int, int] = {}
    try:
        wait_for(lambda: len(kernels_of(report.pid)) >= 2, 120, "both kernels to start")
        tree = descendants(report.pid)  # fork server, resource tracker, workers, kernels
        os.kill(report.pid, signal.SIGKILL)
        killed = time.monotonic()
        report.wait()  # not communicate(): the pipes stay open while any descendant lives
        wait_for(lambda: not survivors(tree), 10, f"{survivors(tree)} to die with the report")
        lived = time.monotonic() - killed
    finally:
        report.kill()
        kill_survivors(tree)
        report.communicate()
    assert len(tree) >= 5  # fork server, resource tracker, two workers, two kernels
    print(f"the killed report's {len(tree)} processes were all gone {lived:.2f} s after")

    again = run_cli_under(
        "report", db, "--period", REPORT_PERIOD, "--out", out, "--notebook", "ropa"
    )
    assert again.returncode == 0, again.stderr
    assert (out / REPORT_PERIOD / "ropa.html").exists()
    load = run_cli_under("load", db, SAMPLE_EVENTS / "subjects.csv")
    assert load.returncode == 0, load.stderr
    assert "waiting" not in load.stderr


def test_while_a_report_runs_a_second_one_stops_naming_it_and_a_load_waits_for_it(
    tmp_path: Path, checked_sample: Path
) -> None:
    db = copy_database(checked_sample, tmp_path / "db")
    out = tmp_path / "reports"
    first = _report(db, out)  # the six notebooks: some twenty seconds on two cores
    others: list[subprocess.Popen[str]] = []
    try:
        wait_for(lambda: kernels_of(first.pid), 120, "the first report's kernels")
        # all at once, while the first one's notebooks run
        others = [
            start_cli("report", db, "--period", "2026-09", "--out", out),
            start_cli("load", db, SAMPLE_EVENTS / "subjects.csv", env={"GOVERNANCE_DB_WAIT": "1"}),
            start_cli("load", db, SAMPLE_EVENTS / "dsr_requests.csv"),
        ]
        started = time.monotonic()
        second, impatient, load = (_finished(process) for process in others)
        waited = time.monotonic() - started
        _, stderr = first.communicate(timeout=300)
    finally:
        for process in [first, *others]:
            process.kill()
            process.communicate()
    assert first.returncode == 0, stderr
    assert sorted(p.name for p in (out / REPORT_PERIOD).glob("*.html")) == [
        "access_disclosure_report.html",
        "compliance_dashboard.html",
        "consent_report.html",
        "dsr_report.html",
        "retention_report.html",
        "ropa.html",
    ]
    assert second.returncode == 7
    assert f"another report run holds the archive (pid {first.pid} since " in second.stderr
    assert impatient.returncode == 4
    assert f"a report is running (pid {first.pid} since " in impatient.stderr
    assert "and it still held the database after 1 s" in impatient.stderr
    assert load.returncode == 0, load.stderr
    assert f"waiting for the report run (pid {first.pid} since " in load.stderr
    print(f"the load waited for the report and was done {waited:.1f} s after it started")


def _finished(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_the_leftover_of_a_dead_run_holding_the_archive_lock_is_stopped_and_the_lock_taken(
    tmp_path: Path, minimal_db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The lock's holder died, yet a process of its run still holds the lock (as a worker that
    inherited it would): the next run stops that process, says so, and runs."""
    from governance.checks import run_checks
    from governance.publish.runner import build_reports

    run_checks(minimal_db, REPORT_PERIOD)
    out = tmp_path / "reports"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import os, subprocess, sys, time
            from governance.publish.archive import Archive
            from governance.store.connection import RUN_ENV, RunMark
            mark = RunMark.of_this_process("report")
            with Archive({str(out)!r}).locked(mark):
                lock = next(int(fd) for fd in os.listdir("/proc/self/fd")
                            if os.readlink(f"/proc/self/fd/{{fd}}").endswith("/.lock"))
                child = subprocess.Popen(
                    [sys.executable, "-c", "import time; time.sleep(300)"],
                    pass_fds=[lock], env=dict(os.environ, **{{RUN_ENV: str(mark)}}))
                print(child.pid, flush=True)
                time.sleep(300)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    leftover = int(holder.stdout.readline())
    leftover_tree = {leftover: descendants(holder.pid)[leftover]}
    try:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert survivors(leftover_tree)  # it outlived its run, holding the lock:
        with (out / ".lock").open() as lock, pytest.raises(BlockingIOError):
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _notebook(tmp_path / "nbs", "ropa", "print('ok')")
        run = build_reports(
            minimal_db, REPORT_PERIOD, out, notebooks=["ropa"], notebook_dir=tmp_path / "nbs"
        )
    finally:
        holder.kill()
        kill_survivors(leftover_tree)
    err = capfd.readouterr().err
    assert f"the report run pid {holder.pid} since " in err
    assert f"stopped 1 process(es) it left behind ({leftover}) and took over the archive" in err
    assert not survivors(leftover_tree)
    assert run.html["ropa"].exists()


def _notebook(folder: Path, name: str, body: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(
        'db_path = "x.duckdb"\nperiod = "2026-10"\nframework = "kz"\nmin_cell = 5\n'
    )
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {
        "name": "governance",
        "display_name": "governance",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path
