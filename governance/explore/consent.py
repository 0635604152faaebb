"""The consent explorer: grants, withdrawals and valid consents of a purpose over time.

Analysts ask "did the new sign-up form change anything?" or "how many could we e-mail on
1 March?": pick a purpose, a channel, a date range and weeks or months, and the chart redraws.
Valid consents are the scope's rule view `consent_changes`, the one consent rule of the checks
and figures (governance/rules/consent_history.sql): the explorer opens a scope for the month
holding the range's end and narrows it to the range (`Scope.narrow`), so the timeline ends
where the range does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import ipywidgets as widgets
import pandas as pd

from governance.errors import GovernanceError
from governance.explore._base import EVERY, Explorer, picked, query, run_sql, table_html
from governance.period import Period, PeriodKind
from governance.scope import Scope
from governance.viz.charts import SvgChart, line_chart

ALL_CHANNELS = "(all channels)"
STEPS = (("months", "month"), ("weeks", "week"))


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


class ConsentExplorer(Explorer):
    """Purpose, channel, date range and step pickers driving a consent chart.

    `frame` holds one row per week or month: `bucket_start`, `bucket_end`, `grants`,
    `withdrawals` (events in the bucket, of the chosen channel) and `valid_at_end` (subjects
    whose consent for the purpose is valid at the bucket's end). The date range is inclusive.

    >>> consents = ConsentExplorer(con)  # doctest: +SKIP
    >>> consents.purpose.value = "email_marketing"  # doctest: +SKIP
    >>> consents.frame.tail(1)  # doctest: +SKIP
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        purpose: str | None = None,
        channel: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        step: str = "month",
    ):
        purposes = query(con, "consent_purposes")
        channels = query(con, "consent_channels")["channel"].tolist()
        first, last = run_sql(con, "consent_range").fetchall()[0]
        last = last or dt.datetime.now(dt.UTC).date()
        # a year up to the last event by default: long enough for a trend, short enough to read
        default_start = max(first or last, last.replace(day=1) - dt.timedelta(days=334))
        self.frame = pd.DataFrame()
        self.chart: SvgChart | None = None
        #: the scope of the last drawing (the explorer's TEMP objects live on its cursor)
        self.scope: Scope | None = None
        options = [
            (f"{row.name} ({row.purpose_id})", row.purpose_id) for row in purposes.itertuples()
        ]
        self.purpose = widgets.Dropdown(
            options=options,
            value=purpose or (options[0][1] if options else None),
            description="Purpose",
        )
        self.channel = widgets.Dropdown(
            options=[(ALL_CHANNELS, EVERY), *((c, c) for c in channels)],
            value=channel or EVERY,
            description="Channel",
        )
        self.start = widgets.DatePicker(value=start or default_start, description="From")
        self.end = widgets.DatePicker(value=end or last, description="To")
        self.step = widgets.ToggleButtons(options=STEPS, value=step, description="Per")
        super().__init__(con, [self.purpose, self.channel, self.start, self.end, self.step])

    def parameters(self) -> dict[str, Any]:
        """The query's parameters for the controls' current values."""
        if self.purpose.value is None:
            raise GovernanceError("the register has no purpose that needs consent")
        if self.start.value is None or self.end.value is None:
            raise GovernanceError("choose both dates of the range")
        if self.start.value > self.end.value:
            raise GovernanceError(
                f"the range starts ({self.start.value}) after it ends ({self.end.value})"
            )
        return {
            "purpose_id": self.purpose.value,
            "channel": picked(self.channel),
            "range_start": _utc_midnight(self.start.value),
            "range_end": _utc_midnight(self.end.value + dt.timedelta(days=1)),
            "step": self.step.value,
        }

    def _scope(self, start: dt.datetime, end: dt.datetime) -> Scope:
        """The scope of the month holding the range's last day, narrowed to the range."""
        if self.scope is not None:
            self.scope.close()
        month = Period(self.end.value.replace(day=1), PeriodKind.MONTH)
        self.scope = Scope.open(self.con, month, run_id=None)
        self.scope.narrow(start, end, f"{start:%Y-%m-%d} to {end:%Y-%m-%d}")
        return self.scope

    def render(self) -> str:
        params = self.parameters()
        scope = self._scope(params.pop("range_start"), params.pop("range_end"))
        self.frame = query(scope.con, "consent_timeline", **params)
        purpose = self.purpose.label
        channel = picked(self.channel) or "every channel"
        long = self.frame.melt(
            id_vars=["bucket_start"],
            value_vars=["grants", "withdrawals"],
            var_name="event",
            value_name="events",
        )
        events = line_chart(
            long,
            "bucket_start:T",
            "events:Q",
            "event:N",
            title=f"{purpose}: grants and withdrawals per {self.step.value}, {channel}",
            y_title="events",
        )
        self.chart = line_chart(
            self.frame,
            "bucket_start:T",
            "valid_at_end:Q",
            title=f"{purpose}: valid consents at the end of each {self.step.value}, {channel}",
            y_title="subjects",
        )
        table = self.frame.assign(
            bucket_start=self.frame["bucket_start"].dt.date,
            bucket_end=self.frame["bucket_end"].dt.date,
        )
        return (
            events.svg
            + self.chart.svg
            + table_html(table, f"Per {self.step.value} (the end date is exclusive)")
        )
