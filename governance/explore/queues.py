"""The week's queues: records due for deletion and requests due for an answer, by system and owner.

System owners plan their week from it. Nothing here decides what is due: records come from the
`retention.overdue` check's own SQL run for the week, and request deadlines from the scope's
`request_deadlines` rule view that `dsr.overdue` and the DSR report read: the scope of the month
holding the week, narrowed to the week (`Scope.narrow`). Weeks run Monday to Monday in UTC, as
periods do.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import ipywidgets as widgets
import pandas as pd

from governance.checks.registry import get_check
from governance.explore._base import EVERY, Explorer, picked, query, run_sql, table_html
from governance.period import Period, PeriodKind
from governance.scope import Scope

ANY = "(any)"


def week_of(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00 UTC, next Monday 00:00 UTC) of the week holding `day`.

    >>> week_of(dt.date(2026, 10, 29))[0].date()
    datetime.date(2026, 10, 26)
    """
    monday = day - dt.timedelta(days=day.weekday())
    start = dt.datetime.combine(monday, dt.time(), tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=7)


def prepare_week(con: duckdb.DuckDBPyConnection, day: dt.date, framework: str = "kz") -> Scope:
    """The scope of the week holding `day`, with its queues as TEMP tables
    (explorer_retention_queue, explorer_request_queue) on the scope's cursor.

    The scope is made for the month holding the week (calendar, deadlines, the rule views),
    then narrowed to the week; the retention.overdue check's SQL becomes the view
    retention_due_rows. TEMP objects only, so a read-only connection will do.
    """
    week_start, week_end = week_of(day)
    month = Period(week_start.date().replace(day=1), PeriodKind.MONTH)
    scope = Scope.open(con, month, framework, run_id=None)
    scope.narrow(week_start, week_end, f"week of {week_start:%Y-%m-%d}")
    check_sql = get_check("retention.overdue").sql.strip().rstrip(";")
    scope.run(f"CREATE OR REPLACE TEMP VIEW retention_due_rows AS {check_sql}").fetchall()
    for name in ("queue_retention", "queue_requests"):
        run_sql(scope.con, name).fetchall()
    return scope


class QueueExplorer(Explorer):
    """Week, system and owner pickers; what is overdue or due that week, by system and owner.

    After a redraw: `summary` (one row per system and owner: records overdue and due,
    requests overdue and due), `retention` (one row per record) and `requests` (one row per
    request, with the systems holding the subject's records and their owners).

    >>> queues = QueueExplorer(con)  # doctest: +SKIP
    >>> queues.week.value = datetime.date(2026, 10, 5)  # doctest: +SKIP
    >>> queues.summary  # doctest: +SKIP
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        framework: str = "kz",
        *,
        week: dt.date | None = None,
        system: str | None = None,
        owner: str | None = None,
    ):
        self.framework = framework
        self.scope: Scope | None = None
        self.summary = pd.DataFrame()
        self.retention = pd.DataFrame()
        self.requests = pd.DataFrame()
        last_day = run_sql(con, "queue_latest").fetchall()[0][0]
        today = dt.datetime.now(dt.UTC).date()
        default = min(today, last_day) if last_day else today
        systems = query(con, "queue_systems")
        owners = sorted(set(systems["owner"].dropna()))
        self.week = widgets.DatePicker(value=week or default, description="Week of")
        self.system = widgets.Dropdown(
            options=[
                (ANY, EVERY),
                *((f"{r.name} ({r.system_id})", r.system_id) for r in systems.itertuples()),
            ],
            value=system or EVERY,
            description="System",
        )
        self.owner = widgets.Dropdown(
            options=[(ANY, EVERY), *((o, o) for o in owners)],
            value=owner or EVERY,
            description="Owner",
        )
        super().__init__(con, [self.week, self.system, self.owner])

    @property
    def week_start(self) -> dt.datetime:
        return week_of(self.week.value)[0]

    def render(self) -> str:
        if self.week.value is None:
            return table_html(pd.DataFrame(), empty="Choose a week.")
        # the week's scope is made on every redraw (a few small TEMP tables on a cursor of its
        # own), so the queues always answer with the data as it is now
        if self.scope is not None:
            self.scope.close()
        self.scope = scope = prepare_week(self.con, self.week.value, self.framework)
        filters = {"system_id": picked(self.system), "owner": picked(self.owner)}
        self.summary = query(scope.con, "queue_summary", **filters)
        self.retention = query(scope.con, "queue_retention_rows", **filters)
        self.requests = query(scope.con, "queue_request_rows", **filters)
        week = f"week of {self.week_start:%d %b %Y}"
        return "".join(
            [
                table_html(
                    self.summary,
                    f"By system and owner, {week}",
                    empty="Nothing is overdue or due this week.",
                ),
                table_html(
                    self.requests,
                    f"Requests to answer ({len(self.requests):,})",
                    empty="No request is overdue or due this week.",
                ),
                table_html(
                    self.retention,
                    f"Records to delete or anonymise ({len(self.retention):,})",
                    empty="No record is overdue or due for deletion this week.",
                ),
            ]
        )
