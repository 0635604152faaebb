"""The finding drill-down: from a period and a check to the violating rows and the facts behind.

A dashboard says "4 records past retention"; the analyst needs the four records and the rule
they broke. The rows are the check's own columns, as its run stored them (`findings`), and the
register facts are looked up for whatever ids those rows carry: purposes, systems, categories,
retention rules, recipients, employees, security measures, activities, cookies. One shipped
query per kind of fact, each keyed on the JSON of the run's findings, so a new check that names
a system gets its system facts without any change here.
"""

from __future__ import annotations

import duckdb
import ipywidgets as widgets
import pandas as pd
from markupsafe import escape

from governance.checks.findings import findings, latest_runs
from governance.checks.registry import get_check
from governance.errors import CheckError, GovernanceError
from governance.explore._base import Explorer, note, query, table_html

#: (query, heading) of each kind of register fact, in the order shown
FACTS = (
    ("facts_purposes", "Purposes"),
    ("facts_systems", "Systems"),
    ("facts_categories", "Data categories"),
    ("facts_retention", "Retention rules"),
    ("facts_recipients", "Recipients"),
    ("facts_employees", "Employees"),
    ("facts_measures", "Security measures"),
    ("facts_activities", "Processing activities"),
    ("facts_cookies", "Cookies"),
)


class FindingExplorer(Explorer):
    """Period and check pickers; the check's violating rows and the register facts behind them.

    Periods are those with a completed check run under `framework` (the latest run of each),
    newest first; checks are those of that run with findings or an error, most severe first.
    After a redraw, `rows` holds the findings (one column per column of the check), `facts`
    the non-empty register tables by heading, and `run_id` the run shown.

    >>> drill = FindingExplorer(con)  # doctest: +SKIP
    >>> drill.period.value, drill.check.value = "2026-09", "retention.overdue"  # doctest: +SKIP
    >>> drill.facts["Retention rules"]  # doctest: +SKIP
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        framework: str = "kz",
        *,
        period: str | None = None,
        check: str | None = None,
    ):
        self.framework = framework
        runs = latest_runs(con, framework).sort_values("period_start", ascending=False)
        self._runs = dict(zip(runs["period"], runs["run_id"].astype(int), strict=True))
        self.run_id: int | None = None
        self.checks = pd.DataFrame()
        self.rows = pd.DataFrame()
        self.facts: dict[str, pd.DataFrame] = {}
        self.period = widgets.Dropdown(
            options=list(self._runs),
            value=period or next(iter(self._runs), None),
            description="Period",
        )
        self.check = widgets.Dropdown(options=[], description="Check")
        self.con = con
        self._load_checks(preferred=check)
        super().__init__(con, [self.period, self.check])

    def _load_checks(self, preferred: str | None = None) -> None:
        """Offer the checks of the chosen period's run, keeping the current one if it is there."""
        self.run_id = self._runs.get(self.period.value)
        if self.run_id is None:
            self.checks = pd.DataFrame()
            self.check.options = []
            return
        self.checks = query(self.con, "finding_checks", run_id=self.run_id)
        keep = preferred or self.check.value
        self.check.options = [
            (f"{row.check_id} ({row.finding_count} rows, {row.severity})", row.check_id)
            for row in self.checks.itertuples()
        ]
        offered = list(self.checks["check_id"])
        self.check.value = keep if keep in offered else (offered[0] if offered else None)

    def _changed(self, change: dict) -> None:
        if change["owner"] is self.period and not self._quiet_depth:
            with self.quietly():
                self._load_checks()
            return
        super()._changed(change)

    def render(self) -> str:
        if not self._runs:
            raise GovernanceError(
                f"no completed check run under '{self.framework}' in this database: run "
                "'governance check DB --period PERIOD' (or 'governance report') first"
            )
        self.rows, self.facts = pd.DataFrame(), {}
        if self.check.value is None:
            return note(f"No check found anything in {self.period.value} (run {self.run_id}).")
        check_id = self.check.value
        result = self.checks.set_index("check_id").loc[check_id]
        self.rows = findings(self.con, self.run_id, check_id)
        for name, heading in FACTS:
            frame = query(self.con, name, run_id=self.run_id, check_id=check_id)
            if not frame.empty:
                self.facts[heading] = frame
        parts = [
            f"<h4>{escape(check_id)}: {escape(result['title'])}</h4>",
            note(
                f"Severity {result['severity']}, policy section {result['policy_section']}, "
                f"{result['articles'] or 'no article mapped'}; run {self.run_id} for "
                f"{self.period.value}."
            ),
        ]
        try:
            check = get_check(check_id)
            parts += [note(check.description), note(f"What to do: {check.remediation}")]
        except CheckError:
            parts.append(note("This check is not in the installed package any more."))
        if result["status"] == "errored":
            parts.append(note(f"The check failed to run: {result['error_message']}", "gov-error"))
        parts.append(table_html(self.rows, f"Violating rows ({len(self.rows):,})"))
        for heading, frame in self.facts.items():
            parts.append(table_html(frame, f"Register facts: {heading.lower()}"))
        return "".join(parts)
