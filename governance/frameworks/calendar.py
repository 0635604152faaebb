"""Working days of a jurisdiction: the one place that knows the calendar.

Deadlines "in N working days" are computed in SQL against a `working_days` table: one row per
date with `is_working`, `wd_no` (the number of working days up to and including that date) and
`estimated` (a holiday whose date the government has not fixed yet). Day 1 of a deadline is the
first working day after the start date, so the deadline is the working day whose
`wd_no = wd_no(start) + N` (the scope's rule view `working_deadlines` does this once).

Which days are working is the `holidays` package's own rule (`is_working_day`): weekends, public
holidays, their observed and substituted days off, and the weekend days a government order made
working days (`weekend_workdays`: Kazakhstan moved Sunday 5 January 2025 to a working day, for
instance). A decree newer than the package is corrected by the pack's `calendar_overrides`
(date, working or not, the decree's reference), or by a company file named in
`GOVERNANCE_CALENDAR_FILE` in the same format, without waiting for a release.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import holidays
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field

from governance.errors import CheckError

#: a company's own calendar corrections (a YAML list of overrides), read on top of the pack's
CALENDAR_FILE_ENV = "GOVERNANCE_CALENDAR_FILE"


class CalendarOverride(BaseModel):
    """One date a decree made working or non-working, with the decree that did it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    day: dt.date = Field(alias="date")
    working: bool
    decree: str


def company_overrides() -> tuple[CalendarOverride, ...]:
    """The overrides of the file named in GOVERNANCE_CALENDAR_FILE (none when unset)."""
    name = os.environ.get(CALENDAR_FILE_ENV, "").strip()
    if not name:
        return ()
    path = Path(name)
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return tuple(CalendarOverride.model_validate(entry) for entry in entries)
    except OSError as exc:
        raise CheckError(f"{CALENDAR_FILE_ENV} {path}: {exc.strerror}") from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise CheckError(
            f"{CALENDAR_FILE_ENV} {path}: not a list of {{date, working, decree}}: {exc}"
        ) from None


def working_days(
    jurisdiction: str | None,
    first_year: int,
    last_year: int,
    overrides: Iterable[CalendarOverride] = (),
) -> pd.DataFrame:
    """Every date of the years with its working-day flag, running count and `estimated` flag.

    Without a jurisdiction only Saturdays and Sundays are days off. `overrides` win over the
    package (a later one over an earlier one for the same date).
    """
    frame = _package_days(jurisdiction, first_year, last_year).copy()
    fixed = {o.day: o.working for o in overrides}
    if fixed:
        frame["is_working"] = [
            fixed.get(d, w) for d, w in zip(frame["day"], frame["is_working"], strict=True)
        ]
        frame["estimated"] = frame["estimated"] & ~frame["day"].isin(list(fixed))
    frame["wd_no"] = frame["is_working"].cumsum().astype("int32")
    return frame


@lru_cache(maxsize=16)
def _package_days(jurisdiction: str | None, first_year: int, last_year: int) -> pd.DataFrame:
    days = [
        dt.date(first_year, 1, 1) + dt.timedelta(days=i)
        for i in range((dt.date(last_year, 12, 31) - dt.date(first_year, 1, 1)).days + 1)
    ]
    if not jurisdiction:
        return pd.DataFrame(
            {"day": days, "is_working": [d.weekday() < 5 for d in days], "estimated": False}
        )
    calendar = holidays.country_holidays(jurisdiction, years=range(first_year, last_year + 1))
    # one call per calendar day (a few thousand), not per data row
    return pd.DataFrame(
        {
            "day": days,
            "is_working": [calendar.is_working_day(d) for d in days],
            "estimated": ["(estimated)" in (calendar.get(d) or "") for d in days],
        }
    )


def add_working_days(calendar: pd.DataFrame, start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (Python twin of the SQL, for tests and notes)."""
    indexed = calendar.set_index("day")
    target = int(indexed.loc[start, "wd_no"]) + count
    hits = calendar[(calendar["wd_no"] == target) & calendar["is_working"]]
    return hits["day"].iloc[0]
