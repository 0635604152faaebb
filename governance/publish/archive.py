"""The report archive: `reports/<period>/` published atomically, and `reports/index.html`.

A period is built in a private staging folder. Publishing points the
`<period>` symlink at it with one `os.replace`, so a reader sees the old
report or the new one, never half of either; a run killed half-way leaves
only a staging folder that the next run removes. A failed build is moved to
`.failed/` for debugging and never published. One run at a time: an exclusive
lock on `.lock` makes a second run stop with a clear message.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from governance.errors import ReportError
from governance.store import queries
from governance.store.connection import private_files

_INDEX = queries.template_environment(
    "governance.publish", "templates", autoescape=True
).get_template("index.html.j2")


class Archive:
    """A reports folder: `<period>` symlinks, `.builds/`, `.failed/`, `index.html`."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.builds = self.root / ".builds"
        self.failed = self.root / ".failed"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the archive's lock; a second run stops at once with a clear message."""
        with private_files():
            self.root.mkdir(parents=True, exist_ok=True)
            handle = open(self.root / ".lock", "a+")  # noqa: SIM115 - held for the block
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise ReportError(
                    f"{self.root}: another report run holds the archive ({holder}); "
                    "wait for it to finish or run again later"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} since {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%SZ}")
            handle.flush()
            yield
        finally:
            handle.close()

    def new_build(self, label: str) -> Path:
        """A fresh private staging folder for one period (leftovers of killed runs go first)."""
        with private_files():
            self.builds.mkdir(parents=True, exist_ok=True)
            for stale in self.builds.glob(f"{label}-*"):
                if not self._is_published(stale):
                    shutil.rmtree(stale, ignore_errors=True)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            build = self.builds / f"{label}-{stamp}"
            build.mkdir()
        return build

    def publish(self, label: str, build: Path) -> Path:
        """Atomically make `build` the published report of `label`; returns the period path."""
        link = self.root / label
        if link.exists() and not link.is_symlink():
            raise ReportError(f"{link} is a real folder, not a published report link; move it away")
        previous = link.resolve() if link.is_symlink() else None
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
        target = self.failed / build.name
        shutil.move(str(build), target)
        return target

    def published_periods(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_symlink() and p.exists())

    def rebuild_index(self, organisation: str = "") -> Path:
        """Write `index.html` listing every published period (newest first), atomically."""
        periods = []
        for label in sorted(self.published_periods(), reverse=True):
            folder = self.root / label
            published = dt.datetime.fromtimestamp(folder.resolve().stat().st_mtime, dt.UTC)
            periods.append(
                {
                    "label": label,
                    "published": f"{published:%Y-%m-%d %H:%M} UTC",
                    "reports": sorted(p.name for p in folder.glob("*.html")),
                }
            )
        html = _INDEX.render(
            periods=periods,
            organisation=organisation,
            rebuilt=f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        )
        target = self.root / "index.html"
        temp = self.root / ".index.html.tmp"
        with private_files():
            temp.write_text(html, encoding="utf-8")
        os.replace(temp, target)
        return target

    def _is_published(self, build: Path) -> bool:
        return any(
            link.is_symlink() and link.resolve() == build.resolve() for link in self.root.iterdir()
        )
