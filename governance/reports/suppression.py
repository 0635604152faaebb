"""The one place that decides what is too small to show.

Counts below `min_cell` could single out a person ("2 requests from Shymkent"),
so reports show them as `<min_cell`. Zero stays zero: "none" is not personal.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from governance.i18n import _, formats


def is_suppressed(value: Any, min_cell: int) -> bool:
    """True for a count that must not be shown: from 1 to `min_cell - 1`. Zero and a missing
    value are not suppressed. Every chart, rate and change that hides a small count asks this."""
    if value is None or pd.isna(value):
        return False
    return 0 < int(value) < min_cell


def suppress_count(value: int | float | None, min_cell: int) -> str:
    """`3` -> `'<5'` when min_cell is 5; `0` -> `'0'`; `None` -> `'-'`."""
    if value is None or pd.isna(value):
        return "-"
    if is_suppressed(value, min_cell):
        return f"<{min_cell}"
    return formats.count(int(value))


def suppression_note(min_cell: int, everything: bool = False) -> str:
    """The sentence under a table or chart that hides small counts, saying what `<min_cell` means
    (`everything`: every count of it is hidden, so the reader knows the table is not empty)."""
    largest = formats.count(min_cell - 1)
    if everything:
        return _(
            "Every count here is from 1 to {largest} and is shown as <{min_cell}: "
            "figures this small could single out a person."
        ).format(largest=largest, min_cell=min_cell)
    return _(
        "<{min_cell}: a count from 1 to {largest}, not shown because it could single out a person."
    ).format(largest=largest, min_cell=min_cell)


def suppress_columns(frame: pd.DataFrame, columns: list[str], min_cell: int) -> pd.DataFrame:
    """A copy of `frame` with the count `columns` rendered through `suppress_count`."""
    out = frame.copy()
    for column in columns:
        out[column] = [suppress_count(v, min_cell) for v in out[column]]
    return out
