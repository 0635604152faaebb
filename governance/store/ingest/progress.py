"""One line of progress per file on a terminal; nothing when output goes to a log.

A scheduler's log must hold only the results, so progress is written to stderr
and only when stderr is a terminal; each step overwrites the line and the line
is cleared before the file's result is printed.
"""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Reports the steps of a batch; this base class stays silent."""

    def step(self, index: int, total: int, path: object, what: str) -> None:
        """File `index` of `total` (`path`) is at step `what`."""

    def clear(self) -> None:
        """Remove the progress line before a result is printed."""


class TerminalProgress(Progress):
    """Progress on one overwritten line of `stream`."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def step(self, index: int, total: int, path: object, what: str) -> None:
        self.stream.write(f"\r\x1b[K[{index}/{total}] {path}: {what}...")
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def progress_for_stderr() -> Progress:
    """Terminal progress when stderr is a terminal, silence otherwise."""
    return TerminalProgress(sys.stderr) if sys.stderr.isatty() else Progress()
