"""Who can read what the suite writes, under the usual umask 022.

Issue 14, point 4: the database's `.wal` (thousands of e-mails and phones after a kill) was
0644, and `governance export` wrote `subjects.parquet` 0644 in a 0755 folder. Every file that can
hold personal data must be owner-only (files 0600, folders 0700) whatever the umask. The one
exception is deliberate: the published report pages, which the guard keeps free of identifiers
and which management reads (their modes are documented in governance/publish/archive.py).
The `.wal` of a load killed mid-write is checked in test_killed_and_concurrent_runs.py.
"""

from __future__ import annotations

import stat
from pathlib import Path

from conftest import SAMPLE_REGISTER
from fault_helpers import REPORT_PERIOD, run_cli_under

#: governance/publish/archive.py: what management may read, and nothing else
PUBLISHED = {
    "reports": 0o755,
    "reports/.builds": 0o711,
    "reports/.builds/<published build>": 0o755,
    "reports/.builds/<published build>/compliance_dashboard.html": 0o644,
    "reports/index.html": 0o644,
}


def run(*args: str | Path) -> None:
    result = run_cli_under(*args, umask=0o022)
    assert result.returncode == 0, f"{args[0]}: {result.stderr}"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_nothing_written_under_umask_022_is_readable_by_others_but_the_published_pages(
    tmp_path: Path,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    work.chmod(0o755)  # like a home or project folder: the modes below are the suite's own
    events, db = work / "events", work / "db" / "metrix.duckdb"
    run("generate", "--scale", "400", "--out", events)
    run("init", db, "--register", SAMPLE_REGISTER)
    run("load", db, *sorted(events.glob("*.csv")))
    run("check", db, "--period", REPORT_PERIOD)
    reports = work / "reports"
    run(
        "report",
        db,
        "--period",
        REPORT_PERIOD,
        "--out",
        reports,
        "--notebook",
        "compliance_dashboard",
    )
    run("export", db, work / "lake")
    run("subject", db, "S-000001", "--out", work / "requests" / "DSR-00001")

    published_build = (reports / REPORT_PERIOD).resolve()
    modes = {}
    for path in sorted(work.rglob("*")):
        if path.is_symlink():  # `reports/2026-10`: a link has no mode of its own
            continue
        name = str(path.relative_to(work)).replace(published_build.name, "<published build>")
        modes[name] = _mode(path)

    readable = {
        name: oct(mode)
        for name, mode in modes.items()
        if name not in PUBLISHED and mode & (stat.S_IRWXG | stat.S_IRWXO)
    }
    assert readable == {}
    assert {name: oct(modes[name]) for name in PUBLISHED} == {
        name: oct(mode) for name, mode in PUBLISHED.items()
    }
    # and the files that hold the personal data are among those walked, owner-only
    for name in [
        "db",
        "db/metrix.duckdb",
        "events",
        "events/subjects.csv",
        "events/manifest.json",
        "lake",
        "lake/subjects.parquet",
        "requests",
        "requests/DSR-00001",
        "requests/DSR-00001/subject.json",
        "reports/.builds/<published build>/compliance_dashboard.ipynb",
        "reports/.builds/<published build>/compliance_dashboard.log",
        "reports/.lock",
    ]:
        assert modes[name] in (0o600, 0o700), name


def test_an_owner_only_process_keeps_every_later_file_private_whatever_the_umask(
    tmp_path: Path,
) -> None:
    """What `governance` does before any command (and a writer of the database, always)."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import os
        from governance.store.connection import owner_only_process, private_files
        os.umask(0o022)
        owner_only_process()
        with private_files():  # a block inside restores the process's umask, not 022
            pass
        os.mkdir({str(tmp_path / "folder")!r})
        open({str(tmp_path / "file")!r}, "w").close()
        os.umask(0o222)  # owner bits of a stricter umask are kept
        owner_only_process()
        print(oct(os.umask(0)))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0o277"
    assert _mode(tmp_path / "folder") == 0o700
    assert _mode(tmp_path / "file") == 0o600
