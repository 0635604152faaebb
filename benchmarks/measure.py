"""Figures from repeated runs: the median with the minimum and maximum beside it."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=True
    )
    run = json.loads(out.stdout.strip().splitlines()[-1])
    if run.get("errored"):
        raise RuntimeError(f"checks errored in {args}: {run['errored']}")
    return run


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
