"""Figures from repeated runs: the median with the minimum and maximum beside it."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Figure:
    """Several runs of one measurement (seconds, bytes, megabytes...)."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)


def timed(action: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """Seconds `action(*args, **kwargs)` took, and what it returned."""
    started = time.perf_counter()
    result = action(*args, **kwargs)
    return time.perf_counter() - started, result


def child_run(code: str, *args: object) -> dict:
    """Run `code` in a fresh Python with `args`; the JSON object its last line prints.

    A child process measures a run on its own: its memory peak, a Spark session of its own.
    A run that reports `errored` checks is an error, not a figure.
    """
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"child run {args} failed ({out.returncode}): {out.stderr[-2000:]}")
    run = json.loads(out.stdout.strip().splitlines()[-1])
    if run.get("errored"):
        raise RuntimeError(f"checks errored in {args}: {run['errored']}")
    return run


def _descendants(root: int) -> list[int]:
    """`root` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _field_kb(path: str, field: str) -> int:
    """The `field` line of a /proc file in KB; 0 once the process is gone."""
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory:
    """Peak memory of this process and every process it starts, sampled while in a `with`.

    getrusage cannot say it: a child's ru_maxrss starts from the RSS of the process it was
    forked from (Linux carries it over exec), and a fork server's workers are not this
    process's children. So every `interval` seconds the tree is read from /proc: `largest_mb`
    is the highest VmHWM of any one process (its own peak RSS, reset at exec), `together_mb`
    the highest sum of their proportional set sizes (Pss: a page shared by n processes counts
    1/n in each, so the sum is the memory they hold together, which a sum of RSS would
    overstate for workers forked from one server).
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self._peaks: dict[int, int] = {}
        self._together_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _sample(self) -> None:
        total = 0
        for pid in _descendants(os.getpid()):
            total += _field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
            hwm = _field_kb(f"/proc/{pid}/status", "VmHWM:")
            self._peaks[pid] = max(self._peaks.get(pid, 0), hwm)
        self._together_kb = max(self._together_kb, total)

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def largest_mb(self) -> float:
        return max(self._peaks.values(), default=0) / 1024

    @property
    def together_mb(self) -> float:
        return self._together_kb / 1024


@dataclass(frozen=True)
class Row:
    """One line of the results table.

    `against` names what the figure is compared with and `ratio` is figure/against (or its
    inverse for speeds, as `ratio_note` says), both from runs made side by side.
    """

    scale: str
    measure: str
    figure: Figure
    unit: str
    against: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None


def format_value(value: float, unit: str) -> str:
    """Whole numbers for speeds and sizes, two decimals for seconds."""
    return f"{value:,.0f}" if unit in ("rows/s", "KB", "MB") else f"{value:.2f}"


def markdown_table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| scale | measure | median | min | max | unit | against | ratio | target |",
        "|---|---|--:|--:|--:|---|---|--:|---|",
    ]
    for row in rows:
        f = row.figure
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
        target = row.target
        if row.met is not None and target:
            target += " (met)" if row.met else " (**missed**)"
        lines.append(
            f"| {row.scale} | {row.measure} | {format_value(f.median, row.unit)} | "
            f"{format_value(f.low, row.unit)} | {format_value(f.high, row.unit)} | {row.unit} | "
            f"{row.against} | {ratio} | {target} |"
        )
    return "\n".join(lines)
