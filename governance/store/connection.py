"""Open the DuckDB database: the one place that knows how, and who else holds it.

Writers (init, load, check) open it read-write; notebooks and explorers open it
read-only. DuckDB lets one process write, and a writer cannot open the file while
any other process has it open, even read-only. So a writer that finds a report's
kernel (or another `governance` command) holding the file waits for it, with a line
on stderr naming it, for up to `GOVERNANCE_DB_WAIT` seconds (default 300); a holder
that is not ours (a DuckDB shell, an analyst's Python) may never let go, and is
named at once instead. A report run holds the file from its first notebook to its
privacy guard, one picture of the data for the whole set, and not after: kernels
close their connection when their notebook ends (governance.publish.runner).

Files are created readable by their owner only: the database holds personal data,
and DuckDB creates its `.wal` (and `<db>.tmp/` when it spills) lazily, on some later
write, from whichever thread writes. A umask scoped to the `connect` call cannot
cover them, so a process that opens the database to write becomes owner-only
(umask 077) for the rest of its life: `owner_only_process`.

Who holds the database is read from DuckDB's lock error (it names the conflicting
PID) and from /proc: processes a report run starts carry `GOVERNANCE_RUN` in their
environment (see `RunMark`), so a kernel is named as the report it works for. Linux
only; elsewhere the holder is just a PID.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance.errors import StoreError

OWNER_ONLY = 0o077  # umask that leaves files rw------- and folders rwx------
#: environment variable naming the run a process belongs to (set by `governance report`
#: for its fork server, workers and kernels)
RUN_ENV = "GOVERNANCE_RUN"
#: environment variable: seconds a command waits for another `governance` process to
#: release the database before giving up
WAIT_ENV = "GOVERNANCE_DB_WAIT"
DEFAULT_WAIT_S = 300.0
#: a holder left over from a killed report run dies within seconds (see
#: governance.publish.lifeline); waiting longer for one would only hide that it did not
LEFTOVER_WAIT_S = 15.0

#: environment variable: the DuckDB memory limit of a load (e.g. 3GB), when --memory-limit is
#: not given
MEMORY_ENV = "GOVERNANCE_MEMORY_LIMIT"
#: the share of the machine's memory a load may use by default (DuckDB's own default is 80 %,
#: and a load of ten million consent events took all it was given). A tenth: on this 23.5 GB
#: machine that load then peaks at 2.3 GB of RSS instead of 6.1 GB, spilling the rest, in
#: about the same time (spilling costs little against the load's own work; benchmarks/results.md)
DEFAULT_MEMORY_SHARE = 0.1

_owner_only = False


def owner_only_process() -> None:
    """From now on this process creates files rw------- and folders rwx------ (umask 077).

    For a process that handles personal data for the rest of its life: a writer of the
    database, a report worker. Idempotent; owner bits of the existing umask are kept.
    """
    global _owner_only
    previous = os.umask(OWNER_ONLY)
    if previous & ~OWNER_ONLY:
        os.umask(previous | OWNER_ONLY)
    _owner_only = True


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Create files inside the block readable by their owner only."""
    previous = os.umask(OWNER_ONLY)
    try:
        yield
    finally:
        # the block may have made the whole process owner-only (it opened the database)
        os.umask(previous | OWNER_ONLY if _owner_only else previous)


def connect(db_path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open `db_path`; read-only connections require the database to exist already.

    When another `governance` process holds the file (a report's kernel reading it, a
    load writing it), waits for it to let go, saying so once on stderr; see the module
    docstring.

    >>> con = connect("out/metrix.duckdb", read_only=True)  # doctest: +SKIP
    """
    path = Path(db_path)
    if read_only and not path.exists():
        raise StoreError(
            f"{path}: no database here; create it with 'governance init {path} --register FILE'"
        )
    if not read_only:
        owner_only_process()
        path.parent.mkdir(parents=True, exist_ok=True)
        _restrict(path)
    started = time.monotonic()
    pause = 0.1
    waiting_for: object = None  # the run (or process) we said we wait for
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            message = str(exc)
            if "lock" not in message.lower():
                raise StoreError(f"{path}: cannot open the database: {message}") from None
            holder = Holder.from_lock_error(message)
            waited = time.monotonic() - started
            if holder is None or waited >= holder.patience():
                raise StoreError(_in_use(path, holder, waited)) from None
            if (holder.mark or holder.pid) != waiting_for:  # a run's kernels take turns
                waiting_for = holder.mark or holder.pid
                _notice(
                    f"{path}: waiting for {holder.name()} to release the database "
                    f"(up to {holder.patience():.0f} s)"
                )
            # never past the patience: the message says how long it waited
            time.sleep(max(0.01, min(pause, holder.patience() - waited)))
            pause = min(pause * 1.5, 2.0)
        except duckdb.Error as exc:
            raise StoreError(
                f"{path}: not a DuckDB database this version can open: {exc}"
            ) from None
    if not read_only:
        _restrict(path)
    # Every timestamp is compared and shown in UTC, whatever the machine's zone.
    con.execute("SET TimeZone = 'UTC'")
    return con


def _restrict(path: Path) -> None:
    """The database and its write-ahead log owner-only, also when an older version (or a
    copy made under another umask) left them readable by others."""
    for file in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(OSError):  # absent yet, or not ours to change
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)


def _in_use(path: Path, holder: Holder | None, waited: float) -> str:
    if holder is None:
        return (
            f"{path}: the database is in use by another process that writes to it; "
            "wait for it to finish (a scheduled load or check may be running)"
        )
    if waited < 1:
        return (
            f"{path}: the database is in use by another process: {holder}; "
            "close it, or wait for it to finish, and run again"
        )
    return (
        f"{path}: the database is in use by another process: {holder}, and it still held "
        f"the database after {waited:.0f} s; run again when it has finished"
    )


def _notice(line: str) -> None:
    """One line on stderr, unless this process works for a report run (its stderr is a
    notebook's output, and a report's reader has no use for it)."""
    if RUN_ENV not in os.environ:
        print(line, file=sys.stderr, flush=True)


# --- who holds the database: processes, from /proc (Linux) ---------------------------------


def process_start(pid: int) -> int | None:
    """When `pid` started (clock ticks after boot), or None when it is gone or a zombie.

    A pid alone can be reused; a pid with its start time names one process for good.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] in ("Z", "X"):  # dead, waiting to be reaped: holds no file, no lock
        return None
    return int(fields[19])


def command_line(pid: int) -> list[str]:
    """The arguments `pid` was started with ([] when unreadable)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _boot_time() -> float:
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    raise OSError("no btime in /proc/stat")


@dataclass(frozen=True)
class RunMark:
    """The `governance` run a process belongs to: the command and its process (pid and start).

    Written as `report:12345:987654` into `GOVERNANCE_RUN` of every process the run starts
    (so its leftovers can be found after it was killed) and into the report archive's lock.
    """

    command: str
    pid: int
    started: int

    def __str__(self) -> str:
        return f"{self.command}:{self.pid}:{self.started}"

    @classmethod
    def parse(cls, text: str | None) -> RunMark | None:
        match = re.fullmatch(r"([a-z-]+):(\d+):(\d+)", (text or "").strip())
        if not match:
            return None
        return cls(match[1], int(match[2]), int(match[3]))

    @classmethod
    def of_this_process(cls, command: str) -> RunMark:
        pid = os.getpid()
        return cls(command, pid, process_start(pid) or 0)

    @classmethod
    def of_process(cls, pid: int) -> RunMark | None:
        """The mark in the environment `pid` was started with (None: none, or unreadable)."""
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            return None
        prefix = f"{RUN_ENV}=".encode()
        for entry in environ.split(b"\0"):
            if entry.startswith(prefix):
                return cls.parse(entry[len(prefix) :].decode(errors="replace"))
        return None

    def alive(self) -> bool:
        """Whether the run's own process still runs (the same process, not a reused pid)."""
        return process_start(self.pid) == self.started

    def since(self) -> str:
        """When the run's process started, as `2026-11-02 06:00:01Z` ('' when unknown)."""
        return _started_at(self.started)

    def describe(self) -> str:
        """`pid 12345 since 2026-11-02 06:00:01Z`."""
        return _pid_since(self.pid, self.started)


def running_marks() -> dict[int, RunMark]:
    """{pid: its run mark} of every process we can read that carries one."""
    marks = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            mark = RunMark.of_process(int(entry.name))
            if mark is not None and process_start(int(entry.name)) is not None:
                marks[int(entry.name)] = mark
    return marks


@dataclass(frozen=True)
class Holder:
    """The process that holds the database, as DuckDB's lock error names it."""

    pid: int
    mark: RunMark | None
    governance_command: str | None
    command: str

    @classmethod
    def from_lock_error(cls, message: str) -> Holder | None:
        """The holder named by DuckDB's error (`... is held in /usr/bin/python3 (PID 123)`)."""
        match = re.search(r"\(PID (\d+)\)", message)
        if not match:
            return None
        pid = int(match[1])
        args = command_line(pid)
        command = _governance_command(args)
        mark = RunMark.of_process(pid)  # a kernel or worker of a report run
        if mark is None:  # the run's own process: its workers and kernels carry its mark
            mark = next((m for m in running_marks().values() if m.pid == pid), None)
        if mark is None and command == "report":  # between notebooks and publishing
            mark = RunMark("report", pid, process_start(pid) or 0)
        return cls(pid, mark, command, " ".join(args))

    def patience(self) -> float:
        """How long to wait for this holder: the configured wait for our own commands, a
        short while for the leftover of a killed report, nothing for anybody else's."""
        if self.mark is not None and not self.mark.alive():
            return min(_configured_wait(), LEFTOVER_WAIT_S)
        if self.mark is not None or self.governance_command is not None:
            return _configured_wait()
        return 0.0

    def name(self) -> str:
        """Who it is: `the report run (pid 12345 since 2026-11-02 06:00:01Z)`."""
        if self.mark is not None and self.mark.alive():
            return f"the {self.mark.command} run ({self.mark.describe()})"
        if self.mark is not None:
            return (
                f"pid {self.pid} (left over from the killed {self.mark.command} run, "
                f"{self.mark.describe()})"
            )
        if self.governance_command is not None:
            started = process_start(self.pid) or 0
            return f"'governance {self.governance_command}' ({_pid_since(self.pid, started)})"
        return f"pid {self.pid} ({self.command[:120] or 'command unknown'})"

    def __str__(self) -> str:
        """What is going on: `a report is running (pid 12345 since 2026-11-02 06:00:01Z)`."""
        if self.mark is not None and self.mark.alive():
            return f"a {self.mark.command} is running ({self.mark.describe()})"
        return self.name()


def _started_at(ticks: int) -> str:
    try:
        seconds = _boot_time() + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return ""
    return f"{dt.datetime.fromtimestamp(seconds, dt.UTC):%Y-%m-%d %H:%M:%SZ}"


def _pid_since(pid: int, ticks: int) -> str:
    since = _started_at(ticks) if ticks else ""
    return f"pid {pid} since {since}" if since else f"pid {pid}"


def _governance_command(args: list[str]) -> str | None:
    """`load` for `governance load ...` or `python -m governance load ...`, else None."""
    if args and Path(args[0]).name == "governance":
        rest = args[1:]
    elif args[1:3] == ["-m", "governance"]:
        rest = args[3:]
    else:
        return None
    commands = [arg for arg in rest if not arg.startswith("-")]
    return commands[0] if commands else "governance"


def _configured_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_S)))
    except ValueError:
        return DEFAULT_WAIT_S


def memory_limit(explicit: str | None = None) -> str:
    """The memory limit a load runs within: `explicit`, else $GOVERNANCE_MEMORY_LIMIT, else a
    tenth of the machine's physical memory (in MB, as DuckDB writes it)."""
    chosen = explicit or os.environ.get(MEMORY_ENV)
    if chosen:
        return chosen.strip()
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(256, int(total * DEFAULT_MEMORY_SHARE / 2**20))}MB"


def limit_memory(con: duckdb.DuckDBPyConnection, limit: str | None = None) -> str:
    """Hold `con` to `memory_limit(limit)`, spilling beyond it to `<database>.tmp/` beside the
    database (owner-only, like the database: it holds the same data). Returns the limit."""
    chosen = memory_limit(limit)
    try:
        con.execute(f"SET memory_limit = '{chosen.replace(chr(39), '')}'")
    except duckdb.Error as exc:
        reason = str(exc).strip().splitlines()[0]
        source = "--memory-limit" if limit else MEMORY_ENV
        raise StoreError(
            f"memory limit '{chosen}' ({source}) is not a size DuckDB understands, such as "
            f"3GB or 512MB: {reason}"
        ) from None
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if row and row[0]:
        con.execute(f"SET temp_directory = '{(row[0] + '.tmp').replace(chr(39), chr(39) * 2)}'")
    return chosen
