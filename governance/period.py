"""Reporting periods: the one parser of `2026-10`, `2026-Q3`, `2026` and relative names.

A period is half-open, `[start, end)`, in UTC: every check and report compares
timestamps with `start <= t < end`, so an event at midnight on the first day of
the next month belongs to the next month, never to both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from governance.errors import GovernanceError


class PeriodError(GovernanceError):
    """A period that cannot be parsed."""

    exit_code = 2


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
RELATIVE = ("last-month", "last-quarter", "last-year", "this-month", "this-quarter", "this-year")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year.

    >>> p = Period.parse("2026-Q3")
    >>> (p.start, p.end, p.label)
    (datetime.date(2026, 7, 1), datetime.date(2026, 10, 1), '2026-Q3')
    >>> p.previous().label
    '2026-Q2'
    """

    start: dt.date
    kind: PeriodKind

    @property
    def end(self) -> dt.date:
        """First day after the period."""
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]
        return _add_months(self.start, months)

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    @property
    def start_ts(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)

    @property
    def end_ts(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time(), tzinfo=dt.UTC)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]
        return Period(_add_months(self.start, -months), self.kind)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        return Period(self.end, self.kind)

    def __str__(self) -> str:
        return self.label

    @classmethod
    def of(cls, value: Period | str) -> Period:
        """`value` itself when it is a Period, else parsed: library entry points take either,
        so a command that parsed its period once hands the Period down unparsed."""
        return value if isinstance(value, Period) else cls.parse(value)

    @classmethod
    def parse(cls, text: str, *, today: dt.date | None = None) -> Period:
        """Parse `2026-10`, `2026-Q3`, `2026`, or a relative name such as `last-month`."""
        value = text.strip()
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                raise PeriodError(f"period '{text}': month {month:02d} does not exist")
            return cls(dt.date(year, month, 1), PeriodKind.MONTH)
        if match := _QUARTER.match(value):
            return cls(dt.date(int(match[1]), 3 * (int(match[2]) - 1) + 1, 1), PeriodKind.QUARTER)
        if match := _YEAR.match(value):
            return cls(dt.date(int(match[1]), 1, 1), PeriodKind.YEAR)
        if value in RELATIVE:
            return cls._relative(value, today or dt.datetime.now(dt.UTC).date())
        raise PeriodError(
            f"period '{text}' is not a month (2026-10), a quarter (2026-Q3), a year (2026) "
            f"or one of {', '.join(RELATIVE)}"
        )

    @classmethod
    def _relative(cls, name: str, today: dt.date) -> Period:
        which, kind_name = name.split("-")
        kind = PeriodKind(kind_name)
        if kind is PeriodKind.MONTH:
            current = cls(today.replace(day=1), kind)
        elif kind is PeriodKind.QUARTER:
            current = cls(dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), kind)
        else:
            current = cls(dt.date(today.year, 1, 1), kind)
        return current.previous() if which == "last" else current

    def periods_since(self, first: Period) -> list[Period]:
        """Every period of this kind from `first` up to and including this one."""
        found, cursor = [], Period(first.start, self.kind)
        while cursor <= self:
            found.append(cursor)
            cursor = cursor.next()
        return found


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
