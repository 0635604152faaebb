"""The management dashboard, one displayable object per function.

`notebooks/compliance_dashboard.ipynb` calls one function per section, each
returning a great_tables table, an SVG chart or a small escaped HTML block, so
the notebook holds no logic and the same objects can be tested here. Where the
parts come from, and why:

- figures: `governance.metrics` (SQL files), measured for the report's period
  and the one before it, each with the check run of that period;
- colours: the thresholds of `dashboard.yaml` (or a file passed as `config`),
  so changing a threshold is a configuration change, not a release;
- small counts: counts of people, their records or events go through
  `suppress_count`; a change between two periods is hidden when either side is
  suppressed (the difference would tell the small count), and a share is
  hidden when its base is small ("50 %" of 2 requests tells the count);
- escaping: register strings (purpose and system names) are shown only inside
  great_tables tables, which escape them; `summary` escapes with markupsafe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from great_tables import GT, loc, style
from markupsafe import Markup

from governance.errors import ReportError
from governance.metrics import FIGURES, Unit, figure_values, kpis
from governance.metrics.status import (
    Rule,
    ScoreSection,
    Status,
    parse_sections,
    severity_rank,
    worst,
)
from governance.reports.notebook import TREND_PERIODS, Report
from governance.reports.suppression import is_suppressed, suppress_count
from governance.scope import Scope
from governance.store import queries
from governance.viz.charts import STATUS_COLOURS, SvgChart, bar_chart
from governance.viz.tables import HtmlBlock, html_table, text_block

SEVERITY_COLOURS = {"critical": "#82071e", "high": "#cf222e", "medium": "#d29922", "low": "#8c959f"}
_DASH = "\N{EN DASH}"


# --- configuration -------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardConfig:
    """The sections of the dashboard, their figures and thresholds, and where they were read."""

    sections: tuple[ScoreSection, ...]
    source: str


ConfigArg = DashboardConfig | str | Path | None


def load_config(path: str | Path | None = None) -> DashboardConfig:
    """Read and check the dashboard's sections and thresholds (default: the shipped YAML)."""
    if path is None:
        source = "governance/reports/dashboard.yaml"
        text = queries.text("governance.reports", "dashboard.yaml")
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ReportError(f"dashboard configuration {source}: {exc.strerror}") from None
    try:
        sections = parse_sections(yaml.safe_load(text) or {}, FIGURES)
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        why = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ReportError(f"dashboard configuration {source}: {why}") from None
    numbers = [s.section for s in sections]
    if numbers != list(range(1, 11)):
        raise ReportError(
            f"dashboard configuration {source}: needs each policy section 1-10 once, has {numbers}"
        )
    return DashboardConfig(sections, source)


def _config(config: ConfigArg) -> DashboardConfig:
    return config if isinstance(config, DashboardConfig) else load_config(config)


# --- showing values ------------------------------------------------------------------------


def _scopes(report: Report) -> tuple[Scope, Scope]:
    return report.scope, report.scope.previous


def _percent(value: float, sign: bool = False) -> str:
    points = value * 100
    spec = "+" if sign else ""
    if points == 0 or abs(points) >= 0.1:
        return f"{points:{spec}.1f}"
    return f"{points:{spec}.2g}"


def show(value: Any, unit: Unit, min_cell: int, base: Any = None) -> str:
    """A figure as a reader sees it: counts suppressed, shares as percentages."""
    unit = Unit(unit)  # a DataFrame hands the unit back as a plain string
    if value is None:
        return _DASH
    if unit is Unit.COUNT:
        return suppress_count(value, min_cell)
    if unit is Unit.NUMBER:
        return f"{int(value):,}"
    if unit is Unit.SHARE:
        if is_suppressed(base, min_cell):
            return f"{suppress_count(base, min_cell)} cases"
        return f"{_percent(value)} %"
    if unit is Unit.DAYS:
        return f"{value:.1f} days"
    return f"{value:,.1f}"


def change(
    value: Any,
    previous: Any,
    unit: Unit,
    min_cell: int,
    base: Any = None,
    previous_base: Any = None,
) -> str:
    """The change from the previous period; hidden where either side is suppressed."""
    unit = Unit(unit)
    if value is None or previous is None:
        return _DASH
    if unit is Unit.COUNT and (is_suppressed(value, min_cell) or is_suppressed(previous, min_cell)):
        return _DASH
    if unit is Unit.SHARE and (
        is_suppressed(base, min_cell) or is_suppressed(previous_base, min_cell)
    ):
        return _DASH
    diff = value - previous
    if diff == 0:
        return "no change"
    if unit is Unit.SHARE:
        return f"{_percent(diff, sign=True)} pp"
    if unit in (Unit.COUNT, Unit.NUMBER):
        return f"{int(diff):+,}"
    if unit is Unit.DAYS:
        return f"{diff:+.1f} days"
    return f"{diff:+,.1f}"


def thresholds_text(rule: Rule, unit: Unit) -> str:
    """`green ≤ 0 · amber ≤ 5 · red above`, in the figure's unit."""
    if not rule.graded:
        return "for context, not graded"

    def limit(v: float) -> str:
        return f"{_percent(v)} %" if unit is Unit.SHARE else f"{v:g}"

    op, beyond = ("≥", "below") if rule.better == "higher" else ("≤", "above")
    parts = [f"green {op} {limit(rule.green)}"]  # type: ignore[arg-type]
    if rule.amber is not None:
        parts.append(f"amber {op} {limit(rule.amber)}")
    parts.append(f"red {beyond}")
    return " · ".join(parts)


def _status_label(status: str) -> str:
    return "" if status == Status.INFO else status.upper()


def _colour_status(table: GT, frame: pd.DataFrame, column: str) -> GT:
    for status, colour in STATUS_COLOURS.items():
        rows = [i for i, s in enumerate(frame[column]) if s.lower() == status]
        if rows:
            table = table.tab_style(
                style=[style.fill(color=colour), style.text(color="white", weight="bold")],
                locations=loc.body(columns=column, rows=rows),
            )
    return table


# --- status per policy section -------------------------------------------------------------


def section_statuses(report: Report, config: ConfigArg = None) -> pd.DataFrame:
    """Every figure of every section with its value, previous value and colour (raw values).

    `deciding` marks, per section, the figure shown on the board: the worst graded one
    (the first of the section when they tie).
    """
    cfg = _config(config)
    current_scope, previous_scope = _scopes(report)
    now, before = figure_values(current_scope), figure_values(previous_scope)
    checked_before = report.previous_run_id is not None
    rows = []
    for section in cfg.sections:
        for order, ind in enumerate(section.indicators):
            name, base = ind.rule.figure, FIGURES[ind.rule.figure].base
            rows.append(
                {
                    "section": section.section,
                    "heading": section.heading,
                    "promise": section.promise,
                    "order": order,
                    "figure": name,
                    "label": ind.label,
                    "unit": FIGURES[name].unit,
                    "value": now[name],
                    "previous": before[name],
                    "base": now[base] if base else None,
                    "previous_base": before[base] if base else None,
                    "status": ind.rule.grade(now[name]).value,
                    # an unchecked previous period has no colour, whatever its data says
                    "previous_status": (
                        ind.rule.grade(before[name] if checked_before else None).value
                    ),
                    "thresholds": thresholds_text(ind.rule, FIGURES[name].unit),
                }
            )
    frame = pd.DataFrame(rows)
    # pandas keeps plain strings: statuses are their values here, Status again where graded
    for column in ("status", "previous_status"):
        frame[f"section_{column}"] = frame.groupby("section")[column].transform(
            lambda s: worst(map(Status, s)).value
        )
    rank = [severity_rank(Status(s)) for s in frame["status"]]
    ranked = frame.assign(rank=rank).sort_values(
        ["section", "rank", "order"], ascending=[True, False, True]
    )
    frame["deciding"] = frame.index.isin(ranked.groupby("section").head(1).index)
    return frame


def status_board(report: Report, config: ConfigArg = None) -> GT:
    """One line per policy section: its colour, the figure that set it, and its change."""
    frame = section_statuses(report, config)
    board = frame[frame["deciding"]].reset_index(drop=True)
    m = report.min_cell
    shown = pd.DataFrame(
        {
            "section": board["heading"],
            "status": board["section_status"].map(_status_label),
            "figure": board["label"],
            **_shown(board, m),
            "before": board["section_previous_status"].map(_status_label),
        }
    )
    table = html_table(
        shown,
        title="Status by section of the privacy policy",
        subtitle=f"{report.period.label}, compared with {report.previous.label}",
        labels={
            "section": "Policy section",
            "status": "Status",
            "figure": "Figure behind the status",
            "value": report.period.label,
            "previous": report.previous.label,
            "change": "Change",
            "before": f"Status {report.previous.label}",
        },
        note=(
            "A section takes the colour of its worst figure; the thresholds are in the "
            f"dashboard configuration. Counts under {m} are shown as <{m}, and changes "
            "involving them are not shown."
        ),
    )
    table = _colour_status(_right(table, ["value", "previous", "change"]), shown, "status")
    return _colour_status(table, shown, "before")


def section_details(report: Report, config: ConfigArg = None) -> GT:
    """Every figure behind every section's colour, with its thresholds."""
    frame = section_statuses(report, config)
    m = report.min_cell
    shown = pd.DataFrame(
        {
            "group": [f"{r.heading}: {r.promise}" for r in frame.itertuples()],
            "figure": frame["label"],
            "status": [s.upper() for s in frame["status"]],
            **_shown(frame, m),
            "thresholds": frame["thresholds"],
        }
    )
    table = html_table(
        shown,
        title="What decides each status",
        subtitle="Every figure of each section, with the thresholds that colour it",
        labels={
            "figure": "Figure",
            "status": "Status",
            "value": report.period.label,
            "previous": report.previous.label,
            "change": "Change",
            "thresholds": "Thresholds",
        },
    ).tab_stub(groupname_col="group")
    return _colour_status(_right(table, ["value", "previous", "change"]), shown, "status")


def _shown(frame: pd.DataFrame, min_cell: int) -> dict[str, list[str]]:
    """This period, previous period and change of a frame of figures, as readers see them."""
    rows = [
        {k: _none(v) for k, v in row.items()}
        for row in frame[["unit", "value", "previous", "base", "previous_base"]].to_dict("records")
    ]
    return {
        "value": [show(r["value"], r["unit"], min_cell, r["base"]) for r in rows],
        "previous": [show(r["previous"], r["unit"], min_cell, r["previous_base"]) for r in rows],
        "change": [
            change(r["value"], r["previous"], r["unit"], min_cell, r["base"], r["previous_base"])
            for r in rows
        ],
    }


def _right(table: GT, columns: list[str]) -> GT:
    """Figures align right, so digits line up."""
    return table.cols_align("right", columns=columns)


def _none(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def summary(report: Report, config: ConfigArg = None) -> HtmlBlock:
    """One paragraph: whose dashboard, which period, how many sections of each colour."""
    frame = section_statuses(report, config)
    statuses = frame.drop_duplicates("section")["section_status"].tolist()
    pills = Markup(" ").join(
        Markup(
            '<span style="background:{};color:white;font-weight:bold;padding:2px 8px;'
            'border-radius:8px">{} {}</span>'
        ).format(STATUS_COLOURS[s.value], statuses.count(s), s.value.upper())
        for s in (Status.RED, Status.AMBER, Status.GREEN, Status.NA)
        if statuses.count(s)
    )
    html = Markup(
        '<div class="gov-summary"><p><strong>{}</strong>: privacy compliance for {}, '
        "compared with {}.</p><p>Policy sections: {}</p>"
        '<p class="gov-runs">Figures from {}.</p></div>'
    ).format(
        report.organisation, report.period.label, report.previous.label, pills, report.runs_note()
    )
    return HtmlBlock(str(html))


# --- headline figures ----------------------------------------------------------------------

_HEADLINE = (
    ("withdrawals", "Consent withdrawals in the period"),
    ("dsr_received", "Requests from data subjects received"),
    ("dsr_on_time_share", "Requests answered within the deadline"),
    ("records_past_retention", "Records past their retention period"),
    ("unauthorised_accesses", "Accesses by staff without an access grant"),
    ("incidents", "Incidents detected"),
)


def headline_figures(report: Report) -> pd.DataFrame:
    """The headline figures, raw: key, label, unit, value, previous and the bases of shares."""
    current_scope, previous_scope = _scopes(report)
    rows: list[dict[str, Any]] = []
    rates_now = kpis.consent_rates(current_scope)
    rates_before = kpis.consent_rates(previous_scope).set_index("purpose_id")
    for r in rates_now.itertuples():
        was = rates_before.loc[r.purpose_id] if r.purpose_id in rates_before.index else None
        rows.append(
            {
                "key": f"valid_consent:{r.purpose_id}",
                "label": f"Valid consent: {r.purpose}",
                "unit": Unit.SHARE,
                "value": _none(r.valid_rate),
                "previous": None if was is None else _none(was["valid_rate"]),
                "base": int(r.subjects),
                "previous_base": None if was is None else int(was["subjects"]),
            }
        )
    now, before = figure_values(current_scope), figure_values(previous_scope)
    for name, label in _HEADLINE:
        base = FIGURES[name].base
        rows.append(
            {
                "key": name,
                "label": label,
                "unit": FIGURES[name].unit,
                "value": now[name],
                "previous": before[name],
                "base": now[base] if base else None,
                "previous_base": before[base] if base else None,
            }
        )
    rows += _severity_figures(report).drop(columns=["severity", "checks"]).to_dict("records")
    return pd.DataFrame(rows)


def _severity_figures(report: Report) -> pd.DataFrame:
    """Open findings per severity, this period and the previous one (None without a run)."""
    current_scope, previous_scope = _scopes(report)
    now = kpis.findings_by_severity(current_scope)
    before = kpis.findings_by_severity(previous_scope).set_index("severity")
    return pd.DataFrame(
        {
            "key": [f"open_findings:{s}" for s in now["severity"]],
            "label": [f"Open findings, {s}" for s in now["severity"]],
            "unit": Unit.COUNT.value,
            "value": [int(v) if report.run_id is not None else None for v in now["findings"]],
            "previous": [
                int(before.loc[s, "findings"]) if report.previous_run_id is not None else None
                for s in now["severity"]
            ],
            "base": None,
            "previous_base": None,
            "severity": now["severity"],
            "checks": now["checks_failing"].astype(int),
        }
    )


def headline_kpis(report: Report) -> GT:
    """The headline figures with their change from the previous period."""
    frame = headline_figures(report)
    m = report.min_cell
    shown = pd.DataFrame(
        {
            "figure": frame["label"],
            **_shown(frame, m),
        }
    )
    return html_table(
        shown,
        title="Headline figures",
        subtitle=(
            "Valid consent: share of people who chose, whose latest choice at period end is a yes"
        ),
        labels={
            "figure": "Figure",
            "value": report.period.label,
            "previous": report.previous.label,
            "change": "Change",
        },
        note=f"Counts under {m} are shown as <{m}; pp = percentage points.",
    ).cols_align("right", columns=["value", "previous", "change"])


# --- findings ------------------------------------------------------------------------------


def findings_by_severity(report: Report) -> GT:
    """Open findings of the period by severity, and the change from the previous period."""
    frame = _severity_figures(report)
    shown = pd.DataFrame(
        {"severity": frame["severity"], "checks": frame["checks"], **_shown(frame, report.min_cell)}
    )
    return _right(
        html_table(
            shown,
            title="Open findings by severity",
            subtitle="A finding is one record, request or setting that breaks a rule",
            labels={
                "severity": "Severity",
                "checks": "Rules broken",
                "value": f"Findings {report.period.label}",
                "previous": f"Findings {report.previous.label}",
                "change": "Change",
            },
        ),
        ["checks", "value", "previous", "change"],
    )


def findings_trend(report: Report, periods: int = TREND_PERIODS) -> SvgChart:
    """Findings by severity over the last `periods` periods, stacked; small segments left out.

    `governance report` runs the checks of exactly these periods (catalogue.TREND_PERIODS).
    """
    frame = kpis.findings_trend(report.scope, periods)
    drawn = frame[[not is_suppressed(v, report.min_cell) for v in frame["findings"]]]
    return bar_chart(
        drawn[["period", "severity", "findings"]],
        x="period",
        y="findings",
        colour="severity",
        title=f"Findings by severity, last {periods} periods (parts under {report.min_cell} "
        "not drawn)",
        y_title="Findings",
        colour_scale=SEVERITY_COLOURS,
    )


# --- requests by type ----------------------------------------------------------------------


_REQUEST_TYPES = {
    "access": "access to their data",
    "rectification": "correction",
    "erasure": "erasure",
    "restriction": "restriction (blocking)",
    "objection": "objection to automated decisions",
    "portability": "a copy of their data",
    "withdraw_consent": "withdrawal of consent",
}


def requests_by_type(report: Report) -> GT:
    """Requests from data subjects by type: received, answered, in time, open late, median days."""
    scope, _ = _scopes(report)
    m = report.min_cell
    frame = kpis.dsr_requests(scope)
    shown = pd.DataFrame(
        {
            "type": [
                "All requests" if t == "all" else _REQUEST_TYPES.get(t, t).capitalize()
                for t in frame["request_type"]
            ],
            "received": _counts_with_total(frame["received"], m),
            "answered": _counts_with_total(frame["answered"], m),
            "in_time": [
                show(_none(v), Unit.SHARE, m, base=_none(n))
                for v, n in zip(frame["on_time_share"], frame["answered"], strict=True)
            ],
            "open_late": _counts_with_total(frame["open_past_deadline"], m),
            "median": [show(_none(v), Unit.DAYS, m) for v in frame["median_days"]],
        }
    )
    return html_table(
        shown,
        title="Requests from data subjects by type",
        subtitle=f"{report.period.label}; deadlines per type from the {report.params.framework} "
        "framework",
        labels={
            "type": "Request",
            "received": "Received",
            "answered": "Answered",
            "in_time": "Answered in time",
            "open_late": "Open past deadline",
            "median": "Median time to answer",
        },
        note=(
            f"Counts under {m} are shown as <{m}; a share of fewer than {m} answers is not "
            f"shown; ≥{m} marks a count hidden so that a small one cannot be worked out from "
            "the total."
        ),
    ).cols_align("right", columns=["received", "answered", "in_time", "open_late", "median"])


def _counts_with_total(column: pd.Series, min_cell: int) -> list[str]:
    """Counts of the parts, then their total (last), suppressed so that no small part can be
    worked out as the total minus the others.

    When exactly one part is suppressed, the smallest part shown is hidden too, as `≥min_cell`
    (true, and no longer exact); with two or more suppressed parts their sum is all the total
    tells.
    """
    values = [None if pd.isna(v) else int(v) for v in column]
    parts, total = values[:-1], values[-1]
    shown = [suppress_count(v, min_cell) for v in values]
    small = [i for i, v in enumerate(parts) if is_suppressed(v, min_cell)]
    if total is not None and len(small) == 1:
        others = [i for i, v in enumerate(parts) if v and i not in small]
        if others:
            shown[min(others, key=lambda i: parts[i])] = f"≥{min_cell}"
    return shown


# --- what is overdue -----------------------------------------------------------------------


def what_is_overdue(report: Report) -> GT:
    """At period end: requests past deadline by type, records past retention by system,
    grants of leavers still open. Counts only, never who."""
    scope, _ = _scopes(report)
    m = report.min_cell
    rows: list[tuple[str, str, Any]] = []
    requests = kpis.dsr_requests(scope)
    for r in requests[requests["request_type"] != "all"].itertuples():
        if r.open_past_deadline and r.open_past_deadline > 0:
            label = _REQUEST_TYPES.get(r.request_type, r.request_type)
            rows.append(
                ("Requests past their deadline", f"Requests for {label}", r.open_past_deadline)
            )
    for r in kpis.overdue_by_system(scope).itertuples():
        if r.still_held > 0:
            rows.append(("Records past their retention period", r.system, r.still_held))
    stale = kpis.finding_counts(scope).get("access.stale_grant")
    rows.append(("Access of people who left", "Access grants left open after leaving", stale))
    groups = {g for g, _, _ in rows}
    for group in ("Requests past their deadline", "Records past their retention period"):
        if group not in groups:
            rows.append((group, "none", 0))
    shown = pd.DataFrame(
        {
            "group": [g for g, _, _ in rows],
            "item": [i for _, i, _ in rows],
            "count": [
                _DASH if report.run_id is None else suppress_count(_none(v) or 0, m)
                for _, _, v in rows
            ],
        }
    )
    order = {"Requests past their deadline": 0, "Records past their retention period": 1}
    shown = shown.sort_values("group", key=lambda s: s.map(order).fillna(2), kind="stable")
    return (
        html_table(
            shown,
            title="What is overdue",
            subtitle=f"At the end of {report.period.label}; counts, never who",
            labels={"item": "", "count": "How many"},
            note=f"Counts under {m} are shown as <{m}.",
        )
        .tab_stub(groupname_col="group")
        .cols_align("right", columns=["count"])
    )


# --- undeclared trackers (section 9) -------------------------------------------------------

_COOKIE_CATEGORIES = {
    "marketing": "Marketing",
    "analytics": "Analytics",
    "functional": "Functional",
    "strictly_necessary": "Strictly necessary",
    "unknown": "Unknown",
}


def undeclared_trackers(report: Report) -> GT | HtmlBlock:
    """Cookies seen in the period that the cookie list does not declare, by platform, the most
    intrusive first; a sentence instead when there are none or the period was not checked.

    Counts are of cookies (name and domain), facts about the site that single out nobody, so
    they are shown as they are; the findings behind them hold no visitor.
    """
    scope, _ = _scopes(report)
    checked = kpis.finding_counts(scope).get("cookies.undeclared")
    if checked is None:
        return text_block(
            f"Undeclared cookies are not known for {report.period.label}: the check "
            "cookies.undeclared has no complete result for it."
        )
    frame = kpis.undeclared_trackers(scope)
    if frame.empty:
        return text_block(
            f"No undeclared cookies in {report.period.label}: every cookie seen on the site is in "
            "the cookie list."
        )
    shown = pd.DataFrame(
        {
            "platform": frame["platform"],
            "category": [_COOKIE_CATEGORIES.get(c, c) for c in frame["category"]],
            "cookies": frame["cookies"].astype(int),
            "before_consent": frame["set_before_consent"].astype(int),
            "observations": frame["observations"].astype(int),
        }
    )
    return _right(
        html_table(
            shown,
            title="Undeclared trackers by platform",
            subtitle=(
                f"Cookies seen in {report.period.label} that the cookie list does not declare; "
                "platform and category as the reference of known cookies suggests them"
            ),
            labels={
                "platform": "Platform",
                "category": "Category (most intrusive)",
                "cookies": "Undeclared cookies",
                "before_consent": "Of those, set before consent",
                "observations": "Times seen",
            },
            note=(
                "A cookie is a name on a domain: these count cookies on the site, never visitors. "
                "Declare each one in the register's cookie list (category, lifetime, provider) "
                "or remove the script that sets it, trackers set before consent first."
            ),
        ),
        ["cookies", "before_consent", "observations"],
    )


# --- data quality --------------------------------------------------------------------------


def data_quality(report: Report) -> GT:
    """Rows set aside (quarantined) per file kind in all loads so far, with the kinds of problem.

    Rows loaded are not shown: read minus loaded would tell a suppressed count of rows set aside.
    """
    scope, _ = _scopes(report)
    m = report.min_cell
    loads = kpis.quarantine_by_kind(scope)
    reasons = kpis.quarantine_reasons(scope)
    problems = {
        kind: "; ".join(
            f"{r.column_name}: {r.problem} ({suppress_count(r.rows, m)})"
            for r in group.itertuples()
        )
        for kind, group in reasons.groupby("kind")
    }
    shown = pd.DataFrame(
        {
            "kind": loads["kind"],
            "loads": loads["loads"].astype(int),
            "read": [suppress_count(v, m) for v in loads["rows_read"]],
            "quarantined": [suppress_count(v, m) for v in loads["rows_quarantined"]],
            "problems": [problems.get(k, "") for k in loads["kind"]],
        }
    )
    return html_table(
        shown,
        title="Data quality of the loaded files",
        subtitle="Rows set aside at loading because they could not be trusted, all loads so far",
        labels={
            "kind": "File",
            "loads": "Loads",
            "read": "Rows read",
            "quarantined": "Rows set aside",
            "problems": "Problems (column: kind of problem, rows)",
        },
        note=(
            "Rows set aside wait in the quarantine table, fixed and reloaded by the data team. "
            f"Counts under {m} are shown as <{m}."
        ),
    ).cols_align("right", columns=["loads", "read", "quarantined"])
