"""The report archive: `reports/<period>/` published atomically, and `reports/index.html`.

A period is built in a private staging folder. Publishing points the
`<period>` symlink at it with one `os.replace`, so a reader sees the old
report or the new one, never half of either; a run killed half-way leaves
only a staging folder that the next run removes. A failed build is moved to
`.failed/` for debugging and never published.

One run at a time: an exclusive lock on `.lock`, which records the holder
(`pid N since T` and its run mark, see governance.store.connection.RunMark). A
second run stops with a message naming the holder while it lives. When the
recorded holder is dead (killed), what its run left behind (workers, kernels,
anything that inherited the lock) is stopped and the lock taken over, with one
line on stderr saying so (governance.publish.lifeline).

Who can read what, whatever the umask:
    the archive folder, when this creates it   0755  management reads the published pages
    .lock                                       0600
    .builds/                                    0711  reachable, not listable
    a build in progress, .failed/, their files  0700, files 0600: executed notebooks and
                                                logs can show personal data (a failing cell)
    a published build (<period> points at it)   0755
    its *.html, *.pdf, and index.html           0644  guarded: no identifier, no network,
                                                small counts suppressed
    its executed *.ipynb and *.log              0600  not guarded; for the operator
An archive folder that exists keeps its mode: make it 0750 (and choose its group) to
publish to a group only, or 0700 to keep the reports to yourself.

Shared with a group on purpose (`governance report --group NAME`, `Archive(root, group=)`):
the archive folder, each published build and index.html get that group; the folders become
0750 (the archive folder keeps its other bits and gains g+rx), the pages and PDFs 0640, so
that group (a web server's, the managers') reads the archive and nobody else does. The
private files stay 0600/0700 and keep the run's own group. The folders above the archive
must let the group through (x): `unreachable_by_group` names those that do not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import grp
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from governance.errors import ReportError
from governance.i18n import LANGUAGE_NAMES, N_, _, use_language
from governance.period import Period, PeriodError
from governance.publish import lifeline
from governance.publish.catalogue import SCHEDULED
from governance.publish.navigation import (
    languages_of,
    page_name,
    read_statuses,
    report_title,
)
from governance.store import queries
from governance.store.connection import RunMark, command_line, private_files, process_start

PUBLISHED_FILE = 0o644
PUBLISHED_FOLDER = 0o755
GROUP_FILE = 0o640
GROUP_FOLDER = 0o750
#: what a published build holds for readers (guarded); everything else in it is private
PUBLISHED_SUFFIXES = (".html", ".pdf")
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
BUILDS_FOLDER = 0o711
#: the index's section chips in the dashboard's colours (governance.viz.charts.STATUS_COLOURS,
#: a test keeps them equal; not imported, since that module loads altair), named for a reader
STATUS_COLOURS = {"green": "#2da44e", "amber": "#d29922", "red": "#cf222e", "n/a": "#8c959f"}
STATUS_NAMES = {"green": N_("green"), "amber": N_("amber"), "red": N_("red"), "n/a": N_("no data")}
#: how long a run waits for a dead run's leftovers to let go of the lock once they are killed
TAKEOVER_WAIT_S = 10.0

_ENVIRONMENT = queries.template_environment("governance.publish", "templates", autoescape=True)
_ENVIRONMENT.globals["_"] = _
_INDEX = _ENVIRONMENT.get_template("index.html.j2")


def group_id(name: str) -> int:
    """The id of group `name` (a number is taken as an id); ReportError when there is none."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        if name.isdigit():
            return int(name)
        raise ReportError(f"--group {name}: no such group") from None


class Archive:
    """A reports folder: `<period>` symlinks, `.builds/`, `.failed/`, `index.html`.

    `group`: share what is published with this group (see the module docstring).
    """

    def __init__(self, root: Path, group: str | None = None):
        self.root = Path(root)
        self.builds = self.root / ".builds"
        self.failed = self.root / ".failed"
        self.group = group
        self.gid = group_id(group) if group else None
        self.file_mode = GROUP_FILE if group else PUBLISHED_FILE
        self.folder_mode = GROUP_FOLDER if group else PUBLISHED_FOLDER

    @contextmanager
    def locked(self, mark: RunMark | None = None) -> Iterator[None]:
        """Hold the archive's lock for the run `mark` (default: this process as a report run).

        A live holder makes this stop at once with a message naming it; a dead one's leftovers
        are stopped and the lock taken over (see the module docstring).
        """
        mark = mark or RunMark.of_this_process("report")
        self._create_root()
        with private_files():
            handle = open(self.root / ".lock", "a+")  # noqa: SIM115 - held for the block
        try:
            with contextlib.suppress(OSError):  # a lock file someone else made: leave it be
                os.fchmod(handle.fileno(), PRIVATE_FILE)
            previous = LockRecord.read(handle)
            if _try_lock(handle):
                if previous is not None and not previous.alive():
                    self._stop_leftovers(previous, "before this run")
            elif previous is None or previous.alive():
                holder = previous.text if previous is not None else "another process"
                raise ReportError(
                    f"{self.root}: another report run holds the archive ({holder}); "
                    "wait for it to finish or run again later"
                )
            else:
                self._take_over(handle, previous)
            handle.seek(0)
            handle.truncate()
            handle.write(LockRecord.of(mark).serialise())
            handle.flush()
            yield
        finally:
            handle.close()

    def _create_root(self) -> None:
        if not self.root.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            self.root.chmod(self.folder_mode)
        elif self.gid is not None:
            self.root.chmod(self.root.stat().st_mode & 0o7777 | 0o050)
        self._share(self.root)

    def _share(self, path: Path) -> None:
        """Give `path` the archive's group (nothing without one)."""
        if self.gid is None:
            return
        try:
            os.chown(path, -1, self.gid, follow_symlinks=False)
        except PermissionError:
            raise ReportError(
                f"--group {self.group}: cannot give {path} that group (you are not a member "
                "of it; `id` lists your groups)"
            ) from None

    def unreachable_by_group(self) -> list[Path]:
        """The folders above the archive its group cannot pass through (no x for the group
        or, the group not being theirs, for others): readers never reach the archive."""
        if self.gid is None:
            return []
        blocked = []
        for folder in self.root.resolve().parents:
            info = folder.stat()
            bit = 0o010 if info.st_gid == self.gid else 0o001
            if not info.st_mode & bit:
                blocked.append(folder)
        return blocked

    def _take_over(self, handle: IO[str], previous: LockRecord) -> None:
        """The lock's recorded holder is dead, yet the lock is held: by what its run left
        behind (a process that inherited the lock). Stop those, then take the lock."""
        stopped = self._stop_leftovers(previous, "and took over the archive", quiet=True)
        deadline = time.monotonic() + (TAKEOVER_WAIT_S if stopped else 0)
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise ReportError(self._still_held(previous))
            time.sleep(0.1)
        self._say_stopped(previous, stopped, "and took over the archive")

    def _stop_leftovers(self, previous: LockRecord, what: str, *, quiet: bool = False) -> list[int]:
        """Stop the processes that carry the dead run's mark; say so unless `quiet`."""
        pids = lifeline.leftovers(previous.mark) if previous.mark is not None else []
        remaining = lifeline.stop(pids)
        stopped = [pid for pid in pids if pid not in remaining]
        if stopped and not quiet:
            self._say_stopped(previous, stopped, what)
        return stopped

    def _say_stopped(self, previous: LockRecord, stopped: list[int], what: str) -> None:
        listed = f" ({', '.join(map(str, stopped))})" if stopped else ""
        print(
            f"{self.root}: the report run {previous.text} died without finishing; stopped "
            f"{len(stopped)} process(es) it left behind{listed} {what}",
            file=sys.stderr,
            flush=True,
        )

    def _still_held(self, previous: LockRecord) -> str:
        lock = (self.root / ".lock").resolve()
        holders = []
        for entry in Path("/proc").glob("[0-9]*/fd/*"):
            with contextlib.suppress(OSError):
                if Path(os.readlink(entry)) == lock and int(entry.parts[2]) != os.getpid():
                    pid = int(entry.parts[2])
                    holders.append(f"pid {pid} ({' '.join(command_line(pid))[:80]})")
        return (
            f"{self.root}: the report run that holds the archive ({previous.text}) has died, "
            f"but {', '.join(sorted(set(holders))) or 'another process'} still holds its lock; "
            "stop it and run again"
        )

    def new_build(self, label: str) -> Path:
        """A fresh private staging folder for one period (leftovers of killed runs go first)."""
        with private_files():
            self.builds.mkdir(parents=True, exist_ok=True)
            self.builds.chmod(BUILDS_FOLDER)
            for stale in self.builds.glob(f"{label}-*"):
                if not self._is_published(stale):
                    shutil.rmtree(stale, ignore_errors=True)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            build = self.builds / f"{label}-{stamp}"
            build.mkdir()
            build.chmod(PRIVATE_FOLDER)
        return build

    def publish(self, label: str, build: Path) -> Path:
        """Atomically make `build` the published report of `label`; returns the period path."""
        link = self.root / label
        if link.exists() and not link.is_symlink():
            raise ReportError(f"{link} is a real folder, not a published report link; move it away")
        previous = link.resolve() if link.is_symlink() else None
        for file in build.iterdir():  # before the link: no reader ever sees a private page
            if file.suffix in PUBLISHED_SUFFIXES:
                self._share(file)
                file.chmod(self.file_mode)
            else:
                file.chmod(PRIVATE_FILE)
        self._share(build)
        build.chmod(self.folder_mode)
        temp = self.root / f".{label}.swap"
        if temp.is_symlink() or temp.exists():
            temp.unlink()
        temp.symlink_to(build.relative_to(self.root))
        os.replace(temp, link)
        if previous is not None and previous != build.resolve():
            shutil.rmtree(previous, ignore_errors=True)
        return link

    def set_aside(self, label: str, build: Path) -> Path:
        """Move a failed build to `.failed/` and return where it is."""
        with private_files():
            self.failed.mkdir(parents=True, exist_ok=True)
        self.failed.chmod(PRIVATE_FOLDER)
        target = self.failed / build.name
        shutil.move(str(build), target)
        target.chmod(PRIVATE_FOLDER)
        return target

    def published_periods(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_symlink() and p.exists())

    def rebuild_index(self, organisation: str = "", lang: str = "en") -> Path:
        """Write `index.html` in `lang`, atomically: every published period, newest first,
        with its section colours (as its pages carry them), each report by its readable name
        and its language versions side by side (governance.publish.navigation)."""
        with use_language(lang):
            html = _INDEX.render(
                lang=lang,
                periods=[self._period_entry(label) for label in self._newest_first()],
                organisation=organisation,
                rebuilt=f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
                colours=STATUS_COLOURS,
                status_names=STATUS_NAMES,
                language_names=LANGUAGE_NAMES,
            )
        target = self.root / "index.html"
        temp = self.root / ".index.html.tmp"
        with private_files():
            temp.write_text(html, encoding="utf-8")
        self._share(temp)
        temp.chmod(self.file_mode)
        os.replace(temp, target)
        return target

    def _newest_first(self) -> list[str]:
        """Published labels, the latest period first (a quarter after the months it ends)."""
        labels = self.published_periods()

        def key(label: str) -> tuple[object, ...]:
            try:
                period = Period.parse(label)
            except (PeriodError, ValueError):
                return (dt.date.min, label)
            return (period.end, period.start, label)

        return sorted(labels, key=key, reverse=True)

    def _period_entry(self, label: str) -> dict[str, object]:
        folder = self.root / label
        published = dt.datetime.fromtimestamp(folder.resolve().stat().st_mtime, dt.UTC)
        files = sorted(p.name for p in folder.iterdir())
        html = languages_of(files)
        pdf = languages_of(files, "pdf")
        order = [n.name for n in SCHEDULED] + sorted(set(html) - {n.name for n in SCHEDULED})
        reports = [
            {
                "name": name,
                "title": report_title(name),
                "versions": [
                    {
                        "lang": code,
                        "href": f"{label}/{page_name(name, code)}",
                        "pdf": f"{label}/{page_name(name, code, 'pdf')}"
                        if code in pdf.get(name, [])
                        else None,
                    }
                    for code in html[name]
                ],
            }
            for name in order
            if name in html
        ]
        return {
            "label": label,
            "published": f"{published:%Y-%m-%d %H:%M} UTC",
            "reports": reports,
            "sections": self._statuses(folder, files),
        }

    @staticmethod
    def _statuses(folder: Path, files: list[str]) -> list[tuple[int, str]]:
        """The period's section colours, from the first of its pages that carries them."""
        pages = sorted((f for f in files if f.endswith(".html")), key=lambda f: f.count("."))
        for name in pages:
            with contextlib.suppress(OSError):
                statuses = read_statuses((folder / name).read_text(encoding="utf-8"))
                if statuses:
                    return sorted(statuses.items())
        return []

    def _is_published(self, build: Path) -> bool:
        return any(
            link.is_symlink() and link.resolve() == build.resolve() for link in self.root.iterdir()
        )


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@dataclass(frozen=True)
class LockRecord:
    """What `.lock` says about the run that took it: `pid N since T`, then `run <mark>`."""

    pid: int
    text: str
    mark: RunMark | None

    @classmethod
    def of(cls, mark: RunMark) -> LockRecord:
        now = dt.datetime.now(dt.UTC)
        return cls(mark.pid, f"pid {mark.pid} since {now:%Y-%m-%d %H:%M:%SZ}", mark)

    @classmethod
    def read(cls, handle: IO[str]) -> LockRecord | None:
        """The record in `handle` (None: empty, or not written by a run)."""
        handle.seek(0)
        lines = handle.read().strip().splitlines()
        match = re.match(r"pid (\d+)", lines[0]) if lines else None
        if match is None:
            return None
        mark = None
        for line in lines[1:]:
            if line.startswith("run "):
                mark = RunMark.parse(line.removeprefix("run "))
        return cls(int(match[1]), lines[0].strip(), mark)

    def serialise(self) -> str:
        return f"{self.text}\nrun {self.mark}\n" if self.mark else f"{self.text}\n"

    def alive(self) -> bool:
        """Whether the run that wrote this still runs (a record of an older version, without a
        mark, counts as alive while its pid exists)."""
        if self.mark is not None:
            return self.mark.alive()
        return process_start(self.pid) is not None
