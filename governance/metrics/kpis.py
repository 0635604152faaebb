"""The figures behind the management dashboard, one SQL file each, as DataFrames and values.

Every figure is measured in a `Scope` (governance/scope.py): a read-only connection, a period
and the check run of that period, all read by the SQL from the scope's TEMP table `scope`.
Figures built from check findings (late requests, records past retention...) come from the run,
so the dashboard and the check reports can never disagree; they are None when the period was
never checked. The SQL lives in `governance/metrics/sql/` (one figure or table per file, its
header saying what it counts); this module only shapes the result.

>>> scope = Scope.open(con, Period.parse("2026-10"), "kz")  # doctest: +SKIP
>>> consent_rates(scope)[["purpose_id", "valid_rate"]]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from governance.i18n import N_
from governance.scope import Scope
from governance.store import queries

#: what `quarantine_reasons` calls a column and a kind of problem (sql/quarantine_reasons.sql):
#: its values are these English texts, translated where they are shown
QUARANTINE_PROBLEMS = (
    N_("(whole line)"),
    N_("required value missing"),
    N_("value of the wrong type"),
    N_("value below the minimum"),
    N_("value not among the allowed ones"),
    N_("date in the future"),
    N_("refers to something not loaded"),
    N_("same key twice in the file with different values"),
    N_("key already loaded with different values"),
    N_("wrong number of fields"),
    N_("not UTF-8 text"),
    N_("line cannot be read as CSV"),
    N_("other problem"),
)


def sql_text(name: str) -> str:
    """The text of `governance/metrics/sql/<name>.sql`."""
    return queries.sql("governance.metrics", f"sql/{name}")


def query(scope: Scope, name: str, **extra: Any) -> pd.DataFrame:
    """Metric `name` measured in `scope`; `extra` binds the parameters of its own (a window)."""
    return scope.frame(sql_text(name), **extra)


def _row(scope: Scope, name: str, **extra: Any) -> dict[str, Any]:
    # to_dict keeps each column's type (iloc[0] would turn a row of ints and floats to floats)
    row = query(scope, name, **extra).to_dict("records")[0]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def consent_rates(scope: Scope) -> pd.DataFrame:
    """Per consent-based purpose: subjects with a choice, valid consents and rate at period end,
    grants and withdrawals in the period."""
    return query(scope, "consent_rates")


def withdrawals(scope: Scope) -> int:
    """Consent withdrawals recorded in the period (all purposes)."""
    return int(_row(scope, "withdrawals")["withdrawals"])


def dsr_requests(scope: Scope) -> pd.DataFrame:
    """Requests by type plus an `all` row: received, answered, in time, late, on-time share,
    open past deadline at period end, median days to answer."""
    return query(scope, "dsr_requests")


def dsr_totals(scope: Scope) -> dict[str, Any]:
    """The `all` row of `dsr_requests`."""
    frame = dsr_requests(scope)
    row = frame[frame["request_type"] == "all"].to_dict("records")[0]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def retention(scope: Scope) -> dict[str, Any]:
    """Records held during the period, records past retention, and their share."""
    return _row(scope, "retention")


def overdue_by_system(scope: Scope) -> pd.DataFrame:
    """Records past retention by system, and how many were still held at period end."""
    return query(scope, "overdue_by_system")


def findings_by_severity(scope: Scope) -> pd.DataFrame:
    """Findings and failing checks of the period's run, one row per severity."""
    return query(scope, "findings_by_severity")


def findings_trend(scope: Scope, periods: int) -> pd.DataFrame:
    """Findings by severity for the `periods` periods of this kind ending with this one."""
    first = scope.period
    for _ in range(periods - 1):
        first = first.previous()
    return query(scope, "findings_trend", window_start=first.start_ts)


def finding_counts(scope: Scope) -> dict[str, int | None]:
    """Findings per check id in the period's run (empty without a run; None if it errored)."""
    frame = query(scope, "finding_counts")
    return {
        str(c): None if pd.isna(n) else int(n)
        for c, n in zip(frame["check_id"], frame["findings"], strict=True)
    }


def unmapped_categories(scope: Scope) -> int | None:
    """Data categories held that no purpose declares."""
    value = _row(scope, "unmapped_categories")["categories"]
    return None if value is None else int(value)


def policy_acceptance(scope: Scope) -> dict[str, Any]:
    """Active subjects, those who accepted the material policy version in force, the share."""
    return _row(scope, "policy_acceptance")


def unlawful_processing(scope: Scope) -> dict[str, Any]:
    """Processing events, those with no registered purpose or no consent, rate per 10,000."""
    return _row(scope, "unlawful_processing")


def cookie_opt_in(scope: Scope) -> pd.DataFrame:
    """Per non-essential cookie category: visitors with a choice, opted in, rate, GPC choices."""
    return query(scope, "cookie_opt_in")


def undeclared_trackers(scope: Scope) -> pd.DataFrame:
    """Undeclared cookies of the period's check result, by platform, the most intrusive first:
    platform, category, cookies, tracking_cookies, set_before_consent, observations.

    Cookies are facts about the site, not about visitors; no row without a complete result of
    `cookies.undeclared` (ask `finding_counts` whether it ran).
    """
    return query(scope, "undeclared_trackers")


def incidents(scope: Scope) -> dict[str, Any]:
    """Incidents detected in the period, notified late, share notified in time."""
    return _row(scope, "incidents")


def quarantine_by_kind(scope: Scope) -> pd.DataFrame:
    """Every load so far by file kind: loads, rows read, loaded and quarantined."""
    return query(scope, "quarantine_by_kind")


def quarantine_reasons(scope: Scope) -> pd.DataFrame:
    """Quarantined rows by file kind, column and kind of problem (never the values)."""
    return query(scope, "quarantine_reasons")
