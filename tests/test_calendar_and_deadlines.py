"""The working-day calendar and the one deadline rule (rules/deadline_days.sql), from the law.

Cases are written from the rules themselves: the Kazakh government's moves of days off (the
`holidays` package lists them), a decree newer than the package (the pack's overrides and the
company's file), and the EU rule for periods in months (Regulation 1182/71 Art. 3).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from governance.errors import CheckError
from governance.frameworks.calendar import CALENDAR_FILE_ENV, CalendarOverride, working_days
from governance.frameworks.pack import load_pack
from governance.period import Period
from governance.scope import Scope

D = dt.date


def _day(frame, day: dt.date):  # type: ignore[no-untyped-def]
    return frame.set_index("day").loc[day]


def test_a_sunday_made_a_working_day_by_decree_is_a_working_day() -> None:
    # Kazakhstan moved the day off of Friday 3 January 2025 to Sunday 5 January 2025
    calendar = working_days("KZ", 2025, 2025)
    assert not _day(calendar, D(2025, 1, 3)).is_working
    assert _day(calendar, D(2025, 1, 5)).is_working
    assert not _day(calendar, D(2025, 1, 4)).is_working  # an ordinary Saturday


def test_holidays_the_package_only_estimates_are_marked() -> None:
    # Eid al-Adha 2026 is a moveable feast the package estimates until a decree fixes it
    calendar = working_days("KZ", 2026, 2026)
    assert _day(calendar, D(2026, 5, 27)).estimated
    assert not _day(calendar, D(2026, 3, 23)).estimated  # Nauryz: a fixed date


def test_an_override_makes_a_date_working_or_not_and_is_no_longer_estimated() -> None:
    overrides = [
        CalendarOverride(day=D(2026, 5, 27), working=True, decree="decree A"),
        CalendarOverride(day=D(2026, 5, 29), working=False, decree="decree B"),
    ]
    calendar = working_days("KZ", 2026, 2026, overrides)
    assert _day(calendar, D(2026, 5, 27)).is_working
    assert not _day(calendar, D(2026, 5, 27)).estimated
    assert not _day(calendar, D(2026, 5, 29)).is_working
    # the running count follows the corrected days
    before = _day(calendar, D(2026, 5, 26)).wd_no
    assert _day(calendar, D(2026, 5, 27)).wd_no == before + 1
    assert _day(calendar, D(2026, 5, 29)).wd_no == _day(calendar, D(2026, 5, 28)).wd_no


def test_without_a_jurisdiction_only_weekends_are_days_off() -> None:
    calendar = working_days(None, 2026, 2026)
    assert _day(calendar, D(2026, 12, 25)).is_working  # no national holiday is assumed
    assert not _day(calendar, D(2026, 12, 26)).is_working


def _deadline(con: duckdb.DuckDBPyConnection, start: dt.date, unit: str, n: int) -> dt.date:
    rows = con.execute(
        "SELECT due_day FROM deadline_days WHERE start_day = ? AND unit = ? AND n = ?",
        [start, unit, n],
    ).fetchall()
    assert len(rows) == 1, rows
    return rows[0][0]


@pytest.fixture
def gdpr_scope(minimal_db: Path):  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(minimal_db), read_only=True)
    scope = Scope.open(con, Period.parse("2026-03"), "gdpr", run_id=None)
    yield scope
    scope.close()
    con.close()


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        # Art. 3(2)(c): the day with the same date in the last month
        (D(2026, 3, 10), 1, D(2026, 4, 10)),
        # ... or the month's last day when there is none: 28 February 2026 is a Saturday, and
        # Art. 3(4) moves it to the next working day, Monday 2 March
        (D(2026, 1, 31), 1, D(2026, 3, 2)),
        # 30 April 2026 is a Thursday: the last day of the month, not moved
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        # one month from 10 April 2026 is Sunday 10 May: moved to Monday 11 May
        (D(2026, 4, 10), 1, D(2026, 5, 11)),
        # the extension: three months in all, from receipt (29 May 2026 -> Saturday 29 August
        # -> Monday 31 August)
        (D(2026, 5, 29), 3, D(2026, 8, 31)),
    ],
)
def test_gdpr_months_end_as_regulation_1182_71_says(
    gdpr_scope: Scope, received: dt.date, months: int, due: dt.date
) -> None:
    assert _deadline(gdpr_scope.con, received, "months", months) == due


def test_a_gdpr_deadline_instant_is_the_end_of_its_day(gdpr_scope: Scope) -> None:
    due_at = gdpr_scope.con.execute(
        "SELECT due_at FROM deadline_days WHERE start_day = DATE '2026-03-10' AND unit = 'months'"
        " AND n = 1"
    ).fetchall()[0][0]
    assert due_at == dt.datetime(2026, 4, 11, tzinfo=dt.UTC)


def test_kz_working_days_cross_the_moved_sunday(minimal_db: Path) -> None:
    con = duckdb.connect(str(minimal_db), read_only=True)
    scope = Scope.open(con, Period.parse("2025-01"), "kz", run_id=None)
    try:
        # received on a holiday (2 January): working day 1 is the moved Sunday 5 January
        assert _deadline(scope.con, D(2025, 1, 2), "working_days", 1) == D(2025, 1, 5)
        # 3 working days from Friday 20 March 2026 (Nauryz 21-25 March): 26, 27, 30 March
        assert _deadline(scope.con, D(2026, 3, 20), "working_days", 3) == D(2026, 3, 30)
    finally:
        scope.close()
        con.close()


def test_the_calendar_reaches_back_to_the_oldest_request(minimal_db: Path) -> None:
    """A request open for years still gets a deadline: the calendar starts at the data."""
    con = duckdb.connect(str(minimal_db))
    con.execute(
        "INSERT INTO dsr_requests (request_id, subject_id, request_type, received_at, status,"
        " load_id, source_line) VALUES ('old', 's1', 'access', TIMESTAMPTZ '2012-03-01 10:00Z',"
        " 'open', 0, 1)"
    )
    scope = Scope.open(con, Period.parse("2026-10"), "kz", run_id=None)
    try:
        deadline = scope.con.execute(
            "SELECT deadline FROM request_deadlines WHERE request_id = 'old'"
        ).fetchall()[0][0]
        # 3 working days after Thursday 1 March 2012: 2, 5, 6 March (8 March is a holiday)
        assert deadline == dt.datetime(2012, 3, 6, 18, tzinfo=dt.UTC)  # midnight UTC+6 then
    finally:
        scope.close()
        con.close()


def test_a_company_calendar_file_corrects_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.scope import scope_frames

    corrections = tmp_path / "calendar.yaml"
    corrections.write_text(
        "- {date: 2026-10-31, working: true, decree: 'Government decree No. 1 of 2026'}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(CALENDAR_FILE_ENV, str(corrections))
    frames = scope_frames(Period.parse("2026-10"), load_pack("kz"), None)
    assert _day(frames["working_days"], D(2026, 10, 31)).is_working  # a Saturday, by decree
    corrections.write_text("- {date: not-a-date}\n", encoding="utf-8")
    with pytest.raises(CheckError, match=r"calendar\.yaml"):
        scope_frames(Period.parse("2026-10"), load_pack("kz"), None)


def test_effective_dates_pick_the_figure_of_the_events_time() -> None:
    kz = load_pack("kz")
    # Law 231-VIII added the 15 working days of Art. 8(7) in January 2026
    assert kz.threshold("withdrawal_grace_working_days", D(2026, 2, 1)) == 15
    assert kz.threshold("withdrawal_grace_working_days", D(2025, 6, 1)) == 0
    # the breach notice exists from 1 July 2024
    assert kz.threshold("breach_notification_working_days", D(2024, 6, 30)) is None
    assert kz.threshold("breach_notification_working_days", D(2024, 7, 1)) == 1
    # Art. 19-1 covers objections to automated decisions only
    assert kz.deadline("objection", D(2026, 3, 1)).working_days is None
    assert kz.deadline("objection_automated", D(2026, 3, 1)).working_days == 3
    assert kz.deadline("objection_automated", D(2025, 3, 1)).working_days is None
