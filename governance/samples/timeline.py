"""Time in the generator: whole seconds since the epoch (UTC) in int64 arrays.

Everything the generator decides is an instant in seconds, so that "the same
second", "exactly at the due instant" and "end of the deadline day" are exact
comparisons. Local dates are Asia/Almaty (UTC+5 since 1 March 2024, no DST),
the time zone of the `kz` framework pack, and working days come from the same
`holidays` calendar the checks use (`governance.frameworks.calendar`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from governance.frameworks.calendar import working_days

MINUTE = 60
HOUR = 3600
DAY = 86_400
MONTH = 30.4375 * DAY
#: Asia/Almaty: UTC+5 all year since 2024-03-01
LOCAL_OFFSET = 5 * HOUR
#: instants in the future of every event: "not happened" in arrays of instants
NEVER = np.int64(2**62)


def ts(text: str) -> int:
    """`2025-06-15T00:00:00` (UTC when no offset) as seconds since the epoch."""
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return int(value.timestamp())


def local(text: str) -> int:
    """A wall-clock time in Almaty, `2026-03-20T15:00`, as seconds since the epoch."""
    return ts(text) - LOCAL_OFFSET


def iso(seconds: int | None) -> str | None:
    """An instant as the manifest writes it: `2025-06-15T00:00:00Z` (None stays None)."""
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_of(day_number: int) -> dt.date:
    """Days since the epoch as a date."""
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(day_number))


#: the generated data covers [START, END): 24 months, 2024-11-01 to 2026-10-31
START = ts("2024-11-01T00:00:00")
END = ts("2026-11-01T00:00:00")


def local_day(seconds: np.ndarray | int) -> np.ndarray | int:
    """The local (Almaty) date of each instant, as days since the epoch."""
    return (seconds + LOCAL_OFFSET) // DAY


def local_time_of_day(seconds: np.ndarray | int) -> np.ndarray | int:
    """Seconds since local midnight."""
    return (seconds + LOCAL_OFFSET) % DAY


def at_local(day: np.ndarray | int, second_of_day: np.ndarray | int) -> np.ndarray | int:
    """The instant of a local date and a local time of day (seconds after midnight)."""
    return day * DAY + second_of_day - LOCAL_OFFSET


class Calendar:
    """Kazakhstan working days as a sorted array of local day numbers.

    `deadline_end(t, n)` mirrors the checks' SQL: day 1 is the first working day
    after the local date of `t`, and the deadline is the end of day `n`, i.e. the
    next local midnight (the first instant that is late).
    """

    def __init__(self, first_year: int = 2016, last_year: int = 2028) -> None:
        frame = working_days("KZ", first_year, last_year)
        days = frame.loc[frame["is_working"], "day"]
        epoch = dt.date(1970, 1, 1)
        self.working = np.array([(d - epoch).days for d in days], dtype=np.int64)

    def nth_working_day(self, seconds: np.ndarray | int, n: np.ndarray | int) -> np.ndarray:
        """The local day number of working day `n` (n >= 1) after the local date of `seconds`."""
        index = np.searchsorted(self.working, local_day(np.asarray(seconds)), side="right")
        return self.working[index + np.asarray(n) - 1]

    def deadline_end(self, seconds: np.ndarray | int, n: np.ndarray | int) -> np.ndarray:
        """First late instant of an `n` working-day deadline counted from `seconds`."""
        return at_local(self.nth_working_day(seconds, n) + 1, 0)

    def is_working(self, day: np.ndarray | int) -> np.ndarray:
        """Whether each local day number is a working day."""
        day = np.asarray(day)
        index = np.searchsorted(self.working, day)
        index = np.minimum(index, len(self.working) - 1)
        return self.working[index] == day
