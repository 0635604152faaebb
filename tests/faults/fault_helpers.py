"""Real processes for the fault tests: start the `governance` command, find what it started,
kill it with SIGKILL, and see what is left (Linux /proc)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import TEST_PSEUDONYM_KEY

REPORT_PERIOD = "2026-10"


def start_cli(
    *args: str | Path, umask: int = 0o022, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """`governance ARGS` in the background, under `umask`, output captured; `env` adds to
    the environment."""
    env = dict(os.environ, GOVERNANCE_PSEUDONYM_KEY=TEST_PSEUDONYM_KEY, **(env or {}))
    return subprocess.Popen(
        [sys.executable, "-m", "governance", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: os.umask(umask),  # our own short-lived child: no threads to mind
    )


def run_cli_under(
    *args: str | Path, umask: int = 0o022, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`governance ARGS` to the end, under `umask`."""
    process = start_cli(*args, umask=umask, env=env)
    stdout, stderr = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def started(pid: int) -> int | None:
    """The process's start time (clock ticks), None when it is gone or a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else int(fields[19])


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def descendants(root: int) -> dict[int, int]:
    """{pid: start} of every live process below `root` (children, their children...)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found: dict[int, int] = {}
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            start = started(child)
            if start is not None:
                found[child] = start
                todo.append(child)
    return found


def kernels_of(root: int) -> dict[int, int]:
    return {pid: s for pid, s in descendants(root).items() if "ipykernel" in command(pid)}


def wait_for(condition: Callable[[], object], timeout_s: float, what: str) -> object:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def survivors(processes: dict[int, int]) -> dict[int, str]:
    """Those of `processes` ({pid: start}) still running, with their command lines."""
    return {pid: command(pid) for pid, start in processes.items() if started(pid) == start}


def kill_survivors(processes: dict[int, int]) -> None:
    """Clean up after a failed assertion, so that one failure does not block the next tests."""
    for pid in survivors(processes):
        with contextlib.suppress(OSError):
            os.kill(pid, 9)


def copy_database(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "metrix.duckdb"
    shutil.copy(source, target)
    return target


def table_counts(db: Path, tables: list[str]) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
