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
from governance.i18n import N_, _, formats, ngettext
from governance.metrics import FIGURES, Unit, figure_values, kpis
from governance.metrics.status import (
    Rule,
    ScoreSection,
    Status,
    parse_sections,
    severity_rank,
    worst,
)
from governance.reports._common import REQUEST_TYPES
from governance.reports.notebook import TREND_PERIODS, Report
from governance.reports.suppression import is_suppressed, suppress_count
from governance.scope import Scope
from governance.store import queries
from governance.viz.charts import STATUS_COLOURS, SvgChart, bar_chart
from governance.viz.tables import HtmlBlock, html_table, text_block

SEVERITY_COLOURS = {"critical": "#82071e", "high": "#cf222e", "medium": "#d29922", "low": "#8c959f"}
_DASH = "\N{EN DASH}"
# i18n: percentage points, after a change of a share (+0.3 pp). formats.point_change asks for it
# inside an f-string, where Babel's extractor does not look: marked here so that the dashboard,
# which shows such changes, has it in its catalogue.
_POINTS = N_("pp")


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

_STATUS_WORDS = {
    Status.GREEN: N_("GREEN"),
    Status.AMBER: N_("AMBER"),
    Status.RED: N_("RED"),
    Status.NA: N_("N/A"),
    Status.INFO: N_("INFO"),
}


def _scopes(report: Report) -> tuple[Scope, Scope]:
    return report.scope, report.scope.previous


def _count(value: Any, min_cell: int) -> str:
    """A count as readers see it: suppressed below `min_cell` (suppression.py decides), else
    with the language's grouping."""
    if value is None or pd.isna(value) or is_suppressed(value, min_cell):
        return suppress_count(value, min_cell)
    return formats.count(value)


def _limit(value: float, unit: Unit) -> str:
    """A threshold as written in the configuration, in the figure's unit."""
    if unit is Unit.SHARE:
        return formats.precise_percent(value)
    return formats.count(value) if float(value).is_integer() else formats.decimal(value, 2)


def show(value: Any, unit: Unit, min_cell: int, base: Any = None) -> str:
    """A figure as a reader sees it: counts suppressed, shares as percentages."""
    unit = Unit(unit)  # a DataFrame hands the unit back as a plain string
    if value is None:
        return _DASH
    if unit is Unit.COUNT:
        return _count(value, min_cell)
    if unit is Unit.NUMBER:
        return formats.count(value)
    if unit is Unit.SHARE:
        if is_suppressed(base, min_cell):
            # i18n: {count} is a suppressed count of the share's base, such as "<5"
            return _("{count} cases").format(count=suppress_count(base, min_cell))
        return formats.precise_percent(value)
    if unit is Unit.DAYS:
        return _("{days} days").format(days=formats.decimal(value, 1))
    return formats.decimal(value, 1)


def change(
    value: Any,
    previous: Any,
    unit: Unit,
    min_cell: int,
    base: Any = None,
    previous_base: Any = None,
) -> str:
    """The change from the previous period; "hidden" where either side is suppressed (the
    difference would tell the small count), a dash where either side is unknown.

    A change of a share follows the one rule of `formats.point_change`: one decimal in
    percentage points, "no change" under 0.05 points.
    """
    unit = Unit(unit)
    if value is None or previous is None:
        return _DASH
    if unit is Unit.COUNT and (is_suppressed(value, min_cell) or is_suppressed(previous, min_cell)):
        return _("hidden")
    if unit is Unit.SHARE and (
        is_suppressed(base, min_cell) or is_suppressed(previous_base, min_cell)
    ):
        return _("hidden")
    diff = value - previous
    if diff == 0:
        return _("no change")
    if unit is Unit.SHARE:
        return formats.point_change(diff * 100)
    if unit in (Unit.COUNT, Unit.NUMBER):
        return formats.signed_count(diff)
    if unit is Unit.DAYS:
        return _("{days} days").format(days=formats.signed_decimal(diff, 1))
    return formats.signed_decimal(diff, 1)


def _band(rule: Rule, status: Status, unit: Unit) -> str:
    """The part of the rule a graded value falls in: `amber ≤ 5`, `red above 1`."""
    higher = rule.better == "higher"
    if status is Status.GREEN:
        text = _("green ≥ {limit}") if higher else _("green ≤ {limit}")
        return text.format(limit=_limit(rule.green, unit))  # type: ignore[arg-type]
    if status is Status.AMBER:
        text = _("amber ≥ {limit}") if higher else _("amber ≤ {limit}")
        return text.format(limit=_limit(rule.amber, unit))  # type: ignore[arg-type]
    if status is Status.RED:
        edge = rule.amber if rule.amber is not None else rule.green
        text = _("red below {limit}") if higher else _("red above {limit}")
        return text.format(limit=_limit(edge, unit))  # type: ignore[arg-type]
    if status is Status.NA:
        return _("no complete check result for the period")
    return _("for context, not graded")


def thresholds_text(rule: Rule, unit: Unit) -> str:
    """`green ≤ 0 · amber ≤ 5 · red above`, in the figure's unit."""
    if not rule.graded:
        return _("for context, not graded")
    higher = rule.better == "higher"
    green = _("green ≥ {limit}") if higher else _("green ≤ {limit}")
    parts = [green.format(limit=_limit(rule.green, unit))]  # type: ignore[arg-type]
    if rule.amber is not None:
        amber = _("amber ≥ {limit}") if higher else _("amber ≤ {limit}")
        parts.append(amber.format(limit=_limit(rule.amber, unit)))
    parts.append(_("red below") if higher else _("red above"))
    return " · ".join(parts)


def _status_word(status: str) -> str:
    """GREEN, AMBER, RED, N/A, INFO in the reader's language."""
    return _(_STATUS_WORDS[Status(status)])


def _status_label(status: str) -> str:
    return "" if status == Status.INFO else _status_word(status)


def _colour_status(table: GT, statuses: list[str], column: str) -> GT:
    """Fill the cells of `column` with the colour of `statuses` (raw values, one per row)."""
    for status, colour in STATUS_COLOURS.items():
        rows = [i for i, s in enumerate(statuses) if s == status]
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
    (the first of the section when they tie). `band` is the part of its rule the value falls
    in (`red above 1`), which the board shows even when the value itself is suppressed.
    Headings, promises and labels are in the report's language.
    """
    cfg = _config(config)
    current_scope, previous_scope = _scopes(report)
    now, before = figure_values(current_scope), figure_values(previous_scope)
    checked_before = report.previous_run_id is not None
    rows = []
    for section in cfg.sections:
        for order, ind in enumerate(section.indicators):
            name, base = ind.rule.figure, FIGURES[ind.rule.figure].base
            unit = FIGURES[name].unit
            status = ind.rule.grade(now[name])
            rows.append(
                {
                    "section": section.section,
                    "heading": section.heading,
                    "promise": _(section.promise),
                    "order": order,
                    "figure": name,
                    "label": _(ind.label),
                    "unit": unit,
                    "value": now[name],
                    "previous": before[name],
                    "base": now[base] if base else None,
                    "previous_base": before[base] if base else None,
                    "status": status.value,
                    # an unchecked previous period has no colour, whatever its data says
                    "previous_status": (
                        ind.rule.grade(before[name] if checked_before else None).value
                    ),
                    "thresholds": thresholds_text(ind.rule, unit),
                    "band": _band(ind.rule, status, unit),
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
    """One line per policy section: its colour, the figure that set it and why, its change.

    The reason (`<5, red above 1`) is shown whether or not the figure is suppressed, so a
    section is never red on a figure the reader cannot see.
    """
    frame = section_statuses(report, config)
    board = frame[frame["deciding"]].reset_index(drop=True)
    m = report.min_cell
    values = _shown(board, m)
    shown = pd.DataFrame(
        {
            "section": board["heading"],
            "status": board["section_status"].map(_status_label),
            "figure": board["label"],
            "why": [
                # i18n: the value of the figure that decided a section's colour, then the part
                # of its rule it falls in: "<5, red above 1"
                _("{value}, {band}").format(value=v, band=b)
                for v, b in zip(values["value"], board["band"], strict=True)
            ],
            **values,
            "before": board["section_previous_status"].map(_status_label),
        }
    )
    table = html_table(
        shown,
        title=_("Status by section of the privacy policy"),
        subtitle=_("{period}, compared with {previous}").format(
            period=report.period.label, previous=report.previous.label
        ),
        labels={
            "section": _("Policy section"),
            "status": _("Status"),
            "figure": _("Figure behind the status"),
            "why": _("Why"),
            "value": report.period.label,
            "previous": report.previous.label,
            "change": _("Change"),
            "before": _("Status {period}").format(period=report.previous.label),
        },
        note=_(
            "A section takes the colour of its worst figure; the thresholds are in the "
            "dashboard configuration. Counts under {m} are shown as <{m}: the status still "
            "names the figure that decided it, and a change involving such a count reads "
            "“hidden”."
        ).format(m=m),
    )
    table = _right(table, ["value", "previous", "change"])
    table = _colour_status(table, list(board["section_status"]), "status")
    return _colour_status(table, list(board["section_previous_status"]), "before")


def section_details(report: Report, config: ConfigArg = None) -> GT:
    """Every figure behind every section's colour, with its thresholds."""
    frame = section_statuses(report, config)
    m = report.min_cell
    shown = pd.DataFrame(
        {
            "group": [f"{r.heading}: {r.promise}" for r in frame.itertuples()],
            "figure": frame["label"],
            "status": frame["status"].map(_status_word),
            **_shown(frame, m),
            "thresholds": frame["thresholds"],
        }
    )
    table = html_table(
        shown,
        title=_("What decides each status"),
        subtitle=_("Every figure of each section, with the thresholds that colour it"),
        labels={
            "figure": _("Figure"),
            "status": _("Status"),
            "value": report.period.label,
            "previous": report.previous.label,
            "change": _("Change"),
            "thresholds": _("Thresholds"),
        },
        note=_(
            "Counts under {m} are shown as <{m}, and a change involving one reads “hidden”."
        ).format(m=m),
    ).tab_stub(groupname_col="group")
    table = _right(table, ["value", "previous", "change"])
    return _colour_status(table, list(frame["status"]), "status")


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


def _runs(report: Report) -> str:
    """`check run 6 (24 checks, 7 Dec 2026 06:50 UTC)`, one clause per run the figures come
    from, in the report's language (Report.runs_note says the same in English for logs)."""
    runs = report.result_runs()
    total = int(runs["checks"].sum())
    clauses = []
    for row in runs.itertuples():
        when = f"{formats.date_time(row.started_at)} UTC"
        if row.checks == total:
            clauses.append(
                ngettext(
                    "check run {run} ({checks} check, {when})",
                    "check run {run} ({checks} checks, {when})",
                    int(row.checks),
                ).format(run=row.run_id, checks=formats.count(row.checks), when=when)
            )
        else:
            clauses.append(
                _("check run {run} ({checks}, {when})").format(
                    run=row.run_id, checks=row.check_ids, when=when
                )
            )
    if not clauses:
        return _("no check run")
    if len(clauses) == 2:
        return _("{first} and {second}").format(first=clauses[0], second=clauses[1])
    return ", ".join(clauses)


def summary(report: Report, config: ConfigArg = None) -> HtmlBlock:
    """One paragraph: whose dashboard, which period, how many sections of each colour."""
    frame = section_statuses(report, config)
    statuses = frame.drop_duplicates("section")["section_status"].tolist()
    pills = Markup(" ").join(
        Markup(
            '<span style="background:{};color:white;font-weight:bold;padding:2px 8px;'
            'border-radius:8px">{} {}</span>'
        ).format(STATUS_COLOURS[s.value], statuses.count(s), _status_word(s))
        for s in (Status.RED, Status.AMBER, Status.GREEN, Status.NA)
        if statuses.count(s)
    )
    html = Markup(
        '<div class="gov-summary"><p><strong>{}</strong>: {}</p><p>{} {}</p>'
        '<p class="gov-runs">{}</p></div>'
    ).format(
        report.organisation,
        _("privacy compliance for {period}, compared with {previous}.").format(
            period=report.period.label, previous=report.previous.label
        ),
        _("Policy sections:"),
        pills,
        _("Figures from {runs}.").format(runs=_runs(report)),
    )
    return HtmlBlock(str(html))


# --- headline figures ----------------------------------------------------------------------

_HEADLINE = (
    ("withdrawals", N_("Consent withdrawals in the period")),
    ("dsr_received", N_("Requests from data subjects received")),
    ("dsr_on_time_share", N_("Requests answered within the deadline")),
    ("records_past_retention", N_("Records past their retention period")),
    ("unauthorised_accesses", N_("Accesses by staff without an access grant")),
    ("incidents", N_("Incidents detected")),
)

#: the severities of checks, most serious first, as readers call them
SEVERITY_NAMES = {
    "critical": N_("critical"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}


def _severity(code: str) -> str:
    return _(SEVERITY_NAMES[code]) if code in SEVERITY_NAMES else code


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
                "label": _("Valid consent: {purpose}").format(purpose=r.purpose),
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
                "label": _(label),
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
            "label": [
                _("Open findings, {severity}").format(severity=_severity(s))
                for s in now["severity"]
            ],
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
        title=_("Headline figures"),
        subtitle=_(
            "Valid consent: share of people who chose, whose latest choice at period end is a yes"
        ),
        labels={
            "figure": _("Figure"),
            "value": report.period.label,
            "previous": report.previous.label,
            "change": _("Change"),
        },
        note=_(
            "Counts under {m} are shown as <{m}, and a change involving one reads “hidden”; "
            "pp = percentage points."
        ).format(m=m),
    ).cols_align("right", columns=["value", "previous", "change"])


# --- findings ------------------------------------------------------------------------------


def findings_by_severity(report: Report) -> GT:
    """Open findings of the period by severity, and the change from the previous period."""
    frame = _severity_figures(report)
    m = report.min_cell
    shown = pd.DataFrame(
        {
            "severity": frame["severity"].map(_severity),
            "checks": [formats.count(v) for v in frame["checks"]],
            **_shown(frame, m),
        }
    )
    return _right(
        html_table(
            shown,
            title=_("Open findings by severity"),
            subtitle=_("A finding is one record, request or setting that breaks a rule"),
            labels={
                "severity": _("Severity"),
                "checks": _("Rules broken"),
                "value": _("Findings {period}").format(period=report.period.label),
                "previous": _("Findings {period}").format(period=report.previous.label),
                "change": _("Change"),
            },
            note=_(
                "Counts under {m} are shown as <{m}, and a change involving one reads “hidden”."
            ).format(m=m),
        ),
        ["checks", "value", "previous", "change"],
    )


def findings_trend(report: Report, periods: int = TREND_PERIODS) -> SvgChart:
    """Findings by severity over the last `periods` periods, stacked; small segments left out.

    A segment under `min_cell` is not drawn (its height would tell the count); the title says
    so and names the severities and periods left out, so that a gap is never silent. The
    legend lists exactly the severities drawn. Every period keeps its place on the axis.

    `governance report` runs the checks of exactly these periods (catalogue.TREND_PERIODS).
    """
    m = report.min_cell
    frame = kpis.findings_trend(report.scope, periods)
    small = frame[[is_suppressed(v, m) for v in frame["findings"]]]
    drawn = frame[[not is_suppressed(v, m) and v > 0 for v in frame["findings"]]]
    severities = [s for s in SEVERITY_COLOURS if s in set(drawn["severity"])]
    # a period with nothing drawn keeps its place on the axis with an empty bar
    empty = [p for p in dict.fromkeys(frame["period"]) if p not in set(drawn["period"])]
    if empty and severities:
        filler = pd.DataFrame({"period": empty, "severity": severities[0], "findings": 0})
        drawn = pd.concat([drawn, filler], ignore_index=True)
    drawn = drawn.assign(
        order=drawn["period"].map({p: i for i, p in enumerate(dict.fromkeys(frame["period"]))})
    ).sort_values("order", kind="stable")
    not_drawn = ""
    if not small.empty:
        left_out = "; ".join(
            _("{severity} in {periods}").format(
                severity=_severity(sev), periods=", ".join(group["period"])
            )
            for sev, group in small.groupby("severity", sort=False)
        )
        not_drawn = _("Not drawn, under {m}: {parts}").format(m=m, parts=left_out)
    return bar_chart(
        drawn.assign(severity=drawn["severity"].map(_severity))[["period", "severity", "findings"]],
        x="period",
        y="findings",
        colour="severity",
        title=ngettext(
            "Findings by severity, last {periods} period (parts under {min_cell} not drawn)",
            "Findings by severity, last {periods} periods (parts under {min_cell} not drawn)",
            periods,
        ).format(periods=periods, min_cell=m),
        subtitle=not_drawn,
        y_title=_("Findings"),
        colour_scale={_severity(s): SEVERITY_COLOURS[s] for s in severities},
    )


# --- requests by type ----------------------------------------------------------------------


#: the same types as a line of "what is overdue" names their requests
_OVERDUE_REQUESTS = {
    "access": N_("Requests for access to their data"),
    "rectification": N_("Requests for correction"),
    "erasure": N_("Requests for erasure"),
    "restriction": N_("Requests for restriction (blocking)"),
    "objection": N_("Requests for objection to processing"),
    "objection_automated": N_("Requests for objection to automated decisions"),
    "portability": N_("Requests for a copy of their data"),
    "withdraw_consent": N_("Requests for withdrawal of consent"),
}


def requests_by_type(report: Report) -> GT:
    """Requests from data subjects by type: received, answered, in time, open late, median days."""
    scope, _scope = _scopes(report)
    m = report.min_cell
    frame = kpis.dsr_requests(scope)
    shown = pd.DataFrame(
        {
            "type": [
                _("All requests")
                if t == "all"
                else _(REQUEST_TYPES[t])
                if t in REQUEST_TYPES
                else t
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
        title=_("Requests from data subjects by type"),
        subtitle=_("{period}; deadlines per type from the {framework} framework").format(
            period=report.period.label, framework=report.params.framework
        ),
        labels={
            "type": _("Request"),
            "received": _("Received"),
            "answered": _("Answered"),
            "in_time": _("Answered in time"),
            "open_late": _("Open past deadline"),
            "median": _("Median time to answer"),
        },
        note=_(
            "Counts under {m} are shown as <{m}; a share of fewer than {m} answers is not "
            "shown; ≥{m} marks a count hidden so that a small one cannot be worked out from "
            "the total."
        ).format(m=m),
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
    shown = [_count(v, min_cell) for v in values]
    small = [i for i, v in enumerate(parts) if is_suppressed(v, min_cell)]
    if total is not None and len(small) == 1:
        others = [i for i, v in enumerate(parts) if v and i not in small]
        if others:
            shown[min(others, key=lambda i: parts[i])] = f"≥{min_cell}"
    return shown


# --- what is overdue -----------------------------------------------------------------------

_LATE_REQUESTS = N_("Requests past their deadline")
_PAST_RETENTION = N_("Records past their retention period")
_LEAVERS = N_("Access of people who left")


def what_is_overdue(report: Report) -> GT:
    """At period end: requests past deadline by type, records past retention by system,
    grants of leavers still open. Counts only, never who."""
    scope, _scope = _scopes(report)
    m = report.min_cell
    rows: list[tuple[str, str, Any]] = []
    requests = kpis.dsr_requests(scope)
    for r in requests[requests["request_type"] != "all"].itertuples():
        if r.open_past_deadline and r.open_past_deadline > 0:
            t = r.request_type
            label = _(_OVERDUE_REQUESTS[t]) if t in _OVERDUE_REQUESTS else t
            rows.append((_LATE_REQUESTS, label, r.open_past_deadline))
    for r in kpis.overdue_by_system(scope).itertuples():
        if r.still_held > 0:
            rows.append((_PAST_RETENTION, r.system, r.still_held))
    stale = kpis.finding_counts(scope).get("access.stale_grant")
    rows.append((_LEAVERS, _("Access grants left open after leaving"), stale))
    groups = {g for g, _item, _v in rows}
    for group in (_LATE_REQUESTS, _PAST_RETENTION):
        if group not in groups:
            rows.append((group, _("none"), 0))
    order = {_LATE_REQUESTS: 0, _PAST_RETENTION: 1}
    rows.sort(key=lambda row: order.get(row[0], 2))
    shown = pd.DataFrame(
        {
            "group": [_(g) for g, _item, _v in rows],
            "item": [i for _g, i, _v in rows],
            "count": [
                _DASH if report.run_id is None else _count(_none(v) or 0, m)
                for _g, _item, v in rows
            ],
        }
    )
    return (
        html_table(
            shown,
            title=_("What is overdue"),
            subtitle=_("At the end of {period}; counts, never who").format(
                period=report.period.label
            ),
            labels={"item": "", "count": _("How many")},
            note=_("Counts under {m} are shown as <{m}.").format(m=m),
        )
        .tab_stub(groupname_col="group")
        .cols_align("right", columns=["count"])
    )


# --- undeclared trackers (section 9) -------------------------------------------------------

_COOKIE_CATEGORIES = {
    "marketing": N_("Marketing"),
    "analytics": N_("Analytics"),
    "functional": N_("Functional"),
    "strictly_necessary": N_("Strictly necessary"),
    "unknown": N_("Unknown"),
}


def undeclared_trackers(report: Report) -> GT | HtmlBlock:
    """Cookies seen in the period that the cookie list does not declare, by platform, the most
    intrusive first; a sentence instead when there are none or the period was not checked.

    Counts are of cookies (name and domain), facts about the site that single out nobody, so
    they are shown as they are; the findings behind them hold no visitor.
    """
    scope, _scope = _scopes(report)
    checked = kpis.finding_counts(scope).get("cookies.undeclared")
    if checked is None:
        return text_block(
            _(
                "Undeclared cookies are not known for {period}: the check "
                "cookies.undeclared has no complete result for it."
            ).format(period=report.period.label)
        )
    frame = kpis.undeclared_trackers(scope)
    if frame.empty:
        return text_block(
            _(
                "No undeclared cookies in {period}: every cookie seen on the site is in "
                "the cookie list."
            ).format(period=report.period.label)
        )
    shown = pd.DataFrame(
        {
            "platform": frame["platform"],
            "category": [
                _(_COOKIE_CATEGORIES[c]) if c in _COOKIE_CATEGORIES else c
                for c in frame["category"]
            ],
            "cookies": [formats.count(v) for v in frame["cookies"]],
            "before_consent": [formats.count(v) for v in frame["set_before_consent"]],
            "observations": [formats.count(v) for v in frame["observations"]],
        }
    )
    return _right(
        html_table(
            shown,
            title=_("Undeclared trackers by platform"),
            subtitle=_(
                "Cookies seen in {period} that the cookie list does not declare; "
                "platform and category as the reference of known cookies suggests them"
            ).format(period=report.period.label),
            labels={
                "platform": _("Platform"),
                "category": _("Category (most intrusive)"),
                "cookies": _("Undeclared cookies"),
                "before_consent": _("Of those, set before consent"),
                "observations": _("Times seen"),
            },
            note=_(
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
    The file kinds and column names are the files' own (codes); the kinds of problem are
    `kpis.QUARANTINE_PROBLEMS`, in the reader's language.
    """
    scope, _scope = _scopes(report)
    m = report.min_cell
    loads = kpis.quarantine_by_kind(scope)
    reasons = kpis.quarantine_reasons(scope)
    problems = {
        kind: "; ".join(
            _("{column}: {problem} ({rows})").format(
                column=_(r.column_name) if r.column_name.startswith("(") else r.column_name,
                problem=_(r.problem),
                rows=_count(r.rows, m),
            )
            for r in group.itertuples()
        )
        for kind, group in reasons.groupby("kind")
    }
    shown = pd.DataFrame(
        {
            "kind": loads["kind"],
            "loads": [formats.count(v) for v in loads["loads"]],
            "read": [_count(v, m) for v in loads["rows_read"]],
            "quarantined": [_count(v, m) for v in loads["rows_quarantined"]],
            "problems": [problems.get(k, "") for k in loads["kind"]],
        }
    )
    return html_table(
        shown,
        title=_("Data quality of the loaded files"),
        subtitle=_("Rows set aside at loading because they could not be trusted, all loads so far"),
        labels={
            "kind": _("File"),
            "loads": _("Loads"),
            "read": _("Rows read"),
            "quarantined": _("Rows set aside"),
            "problems": _("Problems (column: kind of problem, rows)"),
        },
        note=_(
            "Rows set aside wait in the quarantine table, fixed and reloaded by the data team. "
            "Counts under {m} are shown as <{m}."
        ).format(m=m),
    ).cols_align("right", columns=["loads", "read", "quarantined"])
