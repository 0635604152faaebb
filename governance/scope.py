"""The scope of a command: this database, this period, this framework, and the run to read.

Checks, figures, report content and explorers all ask the same questions of a period: which
events fall in it, what the framework's figures are, what a working day is, when a request was
due, whether a subject had consent. A `Scope` is made once per command (or report) and answers
them in one way:

* the period, the framework, its time zone and the check run to read are one row of the TEMP
  table `scope`; every shipped query reads the period from there, never from a parameter;
* the framework's figures and the working-day calendar are TEMP tables
  (`framework_thresholds`, `dsr_deadlines`, `working_days`);
* rules the law states once and several queries need are TEMP views created here, once, from
  `governance/rules/` (`RULE_VIEWS`: the deadline days, request deadlines, the consent
  processing and the one consent rule with its views); the Spark engine transpiles the same
  files. `RESULT_VIEWS` read the stored check results (the latest per check and period).
* in a language other than English, the register's reader-facing text is read in that language:
  `localise` makes a TEMP view named like each register table with translations, and DuckDB
  resolves an unqualified table name in the temp catalogue first, so every query and the policy
  read `SELECT name FROM purposes` unchanged and get the Russian or Kazakh names.

The TEMP objects live on a cursor of the scope's own (DuckDB keeps TEMP objects per
connection), so a report can hold the scope of its period and of the previous one at once, and
they work on read-only connections, where notebooks and explorers stay.

>>> scope = Scope.open(con, Period.parse("2026-10"), "kz")  # doctest: +SKIP
>>> scope.frame(queries.sql("governance.metrics", "sql/withdrawals"))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from governance.frameworks.calendar import company_overrides, working_days
from governance.frameworks.pack import FrameworkPack, load_pack
from governance.i18n import DEFAULT_LANGUAGE, check_language, current_language
from governance.period import Period
from governance.store import queries

#: the calendar reaches a year past the period: deadlines reach forward
_YEARS_AHEAD = 1

#: (first year, last year) of a working-day calendar
Years = tuple[int, int]

#: the shared rule views, in the order they are created (a view may read the ones before it)
RULE_VIEWS = (
    "deadline_days",
    "request_deadlines",
    "erasure_leftovers",
    "consent_processing",
    "consent_history",
    "consent_states",
    "consent_changes",
    "cookie_classes",
)

#: views over the stored check results (in DuckDB whatever engine computed them): what a
#: report reads of the checks
RESULT_VIEWS = ("latest_results", "scope_results")

#: marks "find the latest completed run of the period" (the default of `Scope.open`)
LATEST = "latest"


def rule_sql(name: str) -> str:
    """The text of `governance/rules/<name>.sql`, in DuckDB's dialect."""
    return queries.sql("governance", f"rules/{name}")


def latest_run_id(con: duckdb.DuckDBPyConnection, period: Period, framework: str) -> int | None:
    """The latest completed check run of `period` under `framework`, or None if never checked."""
    rows = queries.run(
        con, rule_sql("latest_run"), period=period.label, framework=framework
    ).fetchall()
    return int(rows[0][0]) if rows else None


def checked(con: duckdb.DuckDBPyConnection, period: Period, framework: str) -> set[str]:
    """The check ids with a result for `period` under `framework` (any finished run)."""
    rows = queries.run(
        con, rule_sql("checked"), period=period.label, framework=framework
    ).fetchall()
    return {row[0] for row in rows}


def calendar_years(first: dt.datetime | None, last: dt.datetime | None, period: Period) -> Years:
    """The years the working-day calendar covers: from the earliest event a deadline starts
    from (or the period) to a year past the period (or the latest answer), so an old withdrawal
    or a request open for years still gets its deadline."""
    first_year = min(period.start.year, first.year if first else period.start.year)
    last_year = max(period.end.year + _YEARS_AHEAD, last.year if last else period.end.year)
    return first_year, last_year


def data_years(con: duckdb.DuckDBPyConnection, period: Period) -> Years:
    """`calendar_years` from the data itself (rules/calendar_span.sql; the Spark engine runs
    the same file on the lake)."""
    first, last = queries.run(con, rule_sql("calendar_span")).fetchall()[0]
    return calendar_years(first, last, period)


#: the register's translated columns: `<column>_i18n` JSON twins of a plain column
#: (store/schema/012_register_translations.sql), found in the catalogue rather than listed, so a
#: new translated column needs only its migration; an older database simply has none
_TRANSLATED_COLUMNS = """
SELECT c.table_name, list(c.column_name ORDER BY c.column_index)
FROM duckdb_columns() AS c
JOIN duckdb_tables() AS t USING (database_name, schema_name, table_name)
WHERE c.database_name = current_database() AND c.schema_name = 'main'
  AND ends_with(c.column_name, '_i18n')
GROUP BY c.table_name
ORDER BY c.table_name
"""


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def localise(con: duckdb.DuckDBPyConnection, lang: str) -> list[str]:
    """Make `con` read the register's text in `lang`; returns the tables it localised.

    For each register table with translations (`name_i18n` beside `name`...), a TEMP view of the
    same name selects the table with each translated column replaced by its text in `lang`, the
    English text where the register gives none. DuckDB resolves an unqualified name in the temp
    catalogue before the database (measured on DuckDB 2.0, read-only connections included), so
    the queries need no change. The views name the table with its catalogue: inside the temp
    catalogue `main.purposes` would be the view itself. Nothing is made for English, and TEMP
    views need no write access, so a report's read-only connection can be localised.

    The statement is built here rather than in a `.sql` file: its columns come from the catalogue.

    >>> localise(scope.con, "ru")  # doctest: +SKIP
    ['data_categories', 'legal_bases', 'processing_activities', 'purposes', ...]
    """
    if check_language(lang) == DEFAULT_LANGUAGE:
        return []
    database = con.execute("SELECT current_database()").fetchone()[0]
    path = f"'$.{lang}'"
    localised = []
    for table, twins in con.execute(_TRANSLATED_COLUMNS).fetchall():
        replaced = ", ".join(
            f"coalesce(json_extract_string({_quoted(twin)}, {path}), {_quoted(plain)}) "
            f"AS {_quoted(plain)}"
            for twin in twins
            for plain in [twin.removesuffix("_i18n")]
        )
        con.execute(
            # rowid too: queries keep the register's own order by it (the policy's lists)
            f"CREATE OR REPLACE TEMP VIEW {_quoted(table)} AS SELECT * REPLACE ({replaced}), "
            f"rowid AS rowid FROM {_quoted(database)}.main.{_quoted(table)}"
        )
        localised.append(table)
    return localised


def scope_frames(
    period: Period, pack: FrameworkPack, run_id: int | None, years: Years | None = None
) -> dict[str, Any]:
    """The scope's tables as DataFrames: `scope` (as `scope_frame`, typed by rules/scope.sql),
    `framework_thresholds` and `dsr_deadlines` (every version, with the instants it applies
    from and until), `working_days` (the pack's calendar over `years`). DuckDB makes TEMP
    tables of them, Spark temp views."""
    row = pd.DataFrame(
        [
            {
                "period": period.label,
                "period_kind": str(period.kind),
                "period_start": period.start_ts,
                "period_end": period.end_ts,
                "framework": pack.id,
                "timezone": pack.timezone,
                "run_id": run_id,
            }
        ]
    ).astype({"run_id": "Int64"})
    utc = "datetime64[us, UTC]"
    thresholds = pd.DataFrame(
        [
            {
                "name": name,
                "value": t.value,
                "valid_from": pack.local_midnight(t.valid_from),
                "valid_until": pack.local_midnight(t.valid_until),
            }
            for name, versions in pack.threshold_versions.items()
            for t in versions
        ],
        columns=["name", "value", "valid_from", "valid_until"],
    ).astype({"value": "float64", "valid_from": utc, "valid_until": utc})
    deadlines = pd.DataFrame(
        [
            {
                "request_type": request_type,
                "working_days": d.working_days,
                "months": d.months,
                "extension_months": d.extension_months,
                "valid_from": pack.local_midnight(d.valid_from),
                "valid_until": pack.local_midnight(d.valid_until),
            }
            for request_type, versions in pack.dsr_deadline_versions.items()
            for d in versions
        ]
    ).astype(
        {
            "working_days": "Int64",
            "months": "Int64",
            "extension_months": "Int64",
            "valid_from": utc,
            "valid_until": utc,
        }
    )
    first_year, last_year = years or calendar_years(None, None, period)
    overrides = (*pack.calendar_overrides, *company_overrides())
    calendar = working_days(pack.jurisdiction, first_year, last_year, overrides)
    return {
        "scope_frame": row,
        "framework_thresholds": thresholds,
        "dsr_deadlines": deadlines,
        "working_days": calendar,
    }


@dataclass
class Scope:
    """An open scope: its own cursor holding the scope's TEMP tables and rule views.

    `run_id` is the check run whose findings the scope's figures read (None: never checked).
    `lang` is the language the register's text is read in (`localise`).
    """

    con: duckdb.DuckDBPyConnection
    period: Period
    pack: FrameworkPack
    run_id: int | None
    _source: duckdb.DuckDBPyConnection = field(repr=False)
    _previous: Scope | None = field(default=None, repr=False)
    lang: str = DEFAULT_LANGUAGE

    @classmethod
    def open(
        cls,
        con: duckdb.DuckDBPyConnection,
        period: Period,
        framework: str | FrameworkPack = "kz",
        *,
        run_id: int | str | None = LATEST,
        lang: str | None = None,
    ) -> Scope:
        """Make the scope of `period` on a new cursor of `con`.

        `run_id`: the run to read; by default the latest completed run of the period
        (None when it was never checked). The check runner passes None: it writes a run.
        `lang`: the language of the register's text, by default the current one
        (`governance.i18n.current_language()`); what is stored (a check's findings) should be
        computed in English.
        """
        pack = framework if isinstance(framework, FrameworkPack) else load_pack(framework)
        if run_id == LATEST:
            run_id = latest_run_id(con, period, pack.id)
        cursor = con.cursor()
        scope = cls(cursor, period, pack, run_id if isinstance(run_id, int) else None, con)
        scope.lang = check_language(lang or current_language())
        scope._create()
        return scope

    def _create(self) -> None:
        localise(self.con, self.lang)
        years = data_years(self.con, self.period)
        for name, frame in scope_frames(self.period, self.pack, self.run_id, years).items():
            self.con.register("scope_source", frame)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM scope_source")
            self.con.unregister("scope_source")
        queries.run(self.con, rule_sql("scope")).fetchall()
        self.con.execute("DROP TABLE scope_frame")
        for view in (*RULE_VIEWS, *RESULT_VIEWS):
            queries.run(self.con, rule_sql(view)).fetchall()

    @property
    def previous(self) -> Scope:
        """The scope of the period before, with that period's latest run (made once)."""
        if self._previous is None:
            self._previous = Scope.open(
                self._source, self.period.previous(), self.pack, lang=self.lang
            )
        return self._previous

    def narrow(self, start: dt.datetime, end: dt.datetime, label: str) -> None:
        """Point the scope at `[start, end)` inside its period (the analysts' week queue): the
        rule views and a check's own SQL then answer for that window."""
        queries.run(
            self.con, rule_sql("narrow"), window_start=start, window_end=end, label=label
        ).fetchall()

    def run(self, sql_text: str, /, **params: Any) -> Any:
        """Execute shipped SQL in this scope (`queries.run`); the cursor holds the result."""
        return queries.run(self.con, sql_text, **params)

    def frame(self, sql_text: str, /, **params: Any) -> pd.DataFrame:
        """Shipped SQL's last statement in this scope, as a DataFrame."""
        return queries.frame(self.con, sql_text, **params)

    def records(self, sql_text: str, /, **params: Any) -> list[dict[str, Any]]:
        """Shipped SQL's last statement in this scope, as dicts of DuckDB's Python values."""
        return queries.records(self.con, sql_text, **params)

    def close(self, *, connection: bool = False) -> None:
        """Close the scope's cursors; with `connection`, the connection it was opened on too
        (a cursor closed alone leaves the database open, and locked for other processes)."""
        if self._previous is not None:
            self._previous.close()
        self.con.close()
        if connection:
            self._source.close()
