"""The one period parser: months, quarters, years, relative names, half-open bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from governance.period import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 11, 1), "2026-10"),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2027, 1, 1), "2026-12"),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 10, 1), "2026-Q3"),
        ("2026-q4", dt.date(2026, 10, 1), dt.date(2027, 1, 1), "2026-Q4"),
        ("2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1), "2026"),
    ],
)
def test_periods_parse_to_half_open_ranges(text, start, end, label) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("last-month", "2026-10"),
        ("this-month", "2026-11"),
        ("last-quarter", "2026-Q3"),
        ("this-quarter", "2026-Q4"),
        ("last-year", "2025"),
    ],
)
def test_relative_periods_count_from_today(name: str, label: str) -> None:
    assert Period.parse(name, today=dt.date(2026, 11, 24)).label == label


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    assert Period.parse("last-month", today=dt.date(2027, 1, 3)).label == "2026-12"


def test_previous_and_periods_since() -> None:
    period = Period.parse("2026-Q1")
    assert period.previous().label == "2025-Q4"
    labels = [p.label for p in Period.parse("2026-02").periods_since(Period.parse("2025-11"))]
    assert labels == ["2025-11", "2025-12", "2026-01", "2026-02"]


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "Oct 2026", "", "26-10"])
def test_malformed_periods_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(PeriodError, match=rf"period '{text}'"):
        Period.parse(text)
