"""Working days of a jurisdiction: the one place that knows the calendar.

Deadlines "in N working days" are computed in SQL against a `working_days`
table: one row per date with `is_working` and `wd_no`, the number of working
days up to and including that date. Day 1 of a deadline is the first working
day after the start date, so the deadline is the working day whose
`wd_no = wd_no(start) + N`.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pandas as pd


def working_days(jurisdiction: str | None, first_year: int, last_year: int) -> pd.DataFrame:
    """Every date of the years with its working-day flag and running count.

    Weekends are never working days; public holidays come from the `holidays`
    package (for KZ: Nauryz 21-23 March and its observed days, and so on).
    """
    days = pd.date_range(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), freq="D")
    off = set()
    if jurisdiction:
        off = set(holidays.country_holidays(jurisdiction, years=range(first_year, last_year + 1)))
    dates = days.date
    is_working = (days.day_of_week < 5) & ~pd.Series(dates).isin(off).to_numpy()
    frame = pd.DataFrame({"day": dates, "is_working": is_working})
    frame["wd_no"] = frame["is_working"].cumsum().astype("int32")
    return frame


def add_working_days(calendar: pd.DataFrame, start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (Python twin of the SQL, for tests and notes)."""
    indexed = calendar.set_index("day")
    target = int(indexed.loc[start, "wd_no"]) + count
    hits = calendar[(calendar["wd_no"] == target) & calendar["is_working"]]
    return hits["day"].iloc[0]
