"""What every explorer shares: shipped SQL, a redraw on every change, HTML the tests can read.

An explorer is a row of ipywidgets controls above one `widgets.HTML` output. The output is a
string (an SVG chart, escaped tables), not a `widgets.Output` capture area: capturing needs a
running kernel and a front end, whereas a string can be asserted on in a plain test after
setting a control's `.value` from Python. The data behind the last drawing stays on the
explorer (`frame`, `rows`, ...), so an analyst can take it on in pandas and a test sees exactly
what was drawn.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import duckdb
import ipywidgets as widgets
import pandas as pd
from markupsafe import escape

from governance.errors import GovernanceError, StoreError
from governance.store import queries
from governance.store.connection import connect

#: tables longer than this show their first rows; the whole table stays on the explorer
MAX_ROWS = 200

#: the value of a picker's "no filter" option, e.g. "(all channels)". Not None: ipywidgets
#: gives a Dropdown whose value is None the index None, which the browser draws as a blank
#: <select> (selectedIndex -1) even when an option's value is None.
EVERY = ""

# Widgets render their HTML outside JupyterLab's styled output area, so the explorer brings a
# few rules of its own, scoped to its own class.
_STYLE = """<style>
.gov-explorer table {border-collapse: collapse; font-size: 12px; margin: 4px 0 12px 0;}
.gov-explorer th, .gov-explorer td {border-bottom: 1px solid #d0d7de; padding: 2px 8px;
  text-align: left; vertical-align: top;}
.gov-explorer th {background: #f0f4f8;}
.gov-explorer h4 {margin: 10px 0 4px 0;}
.gov-explorer .gov-note {color: #57606a; margin: 2px 0 8px 0;}
.gov-explorer .gov-error {color: #cf222e;}
.gov-explorer-output > .widget-html-content {min-width: 0;}
</style>"""
# The last rule lets a wide table scroll inside its wrapper (table_html) instead of widening the
# widget: ipywidgets lays the HTML widget out as a flex row whose content is a flex item, and a
# flex item is never narrower than its content unless its min-width is 0.
SCROLLING = '<div class="gov-scroll" style="overflow-x:auto; max-width:100%">'


#: what `make demo` (`governance demo --out out/`) writes, relative to the checkout
DEMO_DATABASE = Path("out", "metrix.duckdb")


def _editable_checkout() -> Path | None:
    """The folder of a `pip install -e .` checkout, from the install's own record (PEP 610)."""
    try:
        record = metadata.distribution("governance").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    info = json.loads(record or "{}")
    url = urlparse(info.get("url", ""))
    if not info.get("dir_info", {}).get("editable") or url.scheme != "file":
        return None
    return Path(url2pathname(url.path))


def database_candidates() -> list[Path]:
    """Where `default_database` looks for out/metrix.duckdb, in order, without duplicates.

    The notebook's folder and its parents (JupyterLab names the notebook in the kernel's
    JPY_SESSION_NAME and starts the kernel in its folder), the current folder and its parents,
    then the checkout the package is installed from in editable mode.
    """
    roots: list[Path] = []
    notebook = os.environ.get("JPY_SESSION_NAME")
    if notebook and Path(notebook).is_absolute():
        folder = Path(notebook).parent
        roots += [folder, *folder.parents]
    here = Path.cwd().resolve()
    roots += [here, *here.parents]
    checkout = _editable_checkout()
    if checkout is not None:
        roots.append(checkout)
    candidates = [root / DEMO_DATABASE for root in roots]
    return list(dict.fromkeys(candidates))


def default_database() -> Path:
    """The database a notebook opens when it is given none: $GOVERNANCE_DB when set, else the
    first out/metrix.duckdb of `database_candidates()` (what `make demo` writes).

    Wherever JupyterLab starts the kernel, a notebook of the checkout finds the sample
    database; when there is none, the error says how to make one or name another.

    >>> con = open_database(default_database())  # doctest: +SKIP
    """
    named = os.environ.get("GOVERNANCE_DB")
    if named:
        return Path(named).expanduser()
    candidates = database_candidates()
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = "\n  ".join(str(c) for c in candidates)
    raise StoreError(
        f"no database given and no {DEMO_DATABASE} found; looked in:\n  {looked}\n"
        "Build the sample one with 'make demo' (or 'governance demo --out out/') in the "
        "checkout, or name yours: set GOVERNANCE_DB=/path/to/metrix.duckdb before starting "
        "JupyterLab, or set db_path in the notebook's parameters cell."
    )


def open_database(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the database read-only, as every notebook does (a scheduled load may be writing).

    >>> con = open_database("out/metrix.duckdb")  # doctest: +SKIP
    """
    return connect(db_path, read_only=True)


def sql_text(name: str) -> str:
    """The text of `governance/explore/sql/<name>.sql`, shipped as package data."""
    return queries.sql("governance.explore", f"sql/{name}")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    """Execute every statement of a shipped SQL file with the parameters it declares."""
    return queries.run(con, sql_text(name), **params)


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """The last statement of a shipped SQL file as a DataFrame."""
    return queries.frame(con, sql_text(name), **params)


def note(text: str, css_class: str = "gov-note") -> str:
    """A paragraph of escaped text."""
    return f'<p class="{css_class}">{escape(text)}</p>'


def picked(picker: widgets.Dropdown) -> str | None:
    """A picker's value as a filter: None for its EVERY option ("(all channels)", "(any)")."""
    return None if picker.value == EVERY else picker.value


def table_html(frame: pd.DataFrame, title: str | None = None, empty: str = "No rows.") -> str:
    """An escaped HTML table of `frame` (its first MAX_ROWS rows), under an optional title.

    The table sits in a wrapper that scrolls sideways, so a wide table (a check's rows, the
    queues' request columns) stays inside the notebook's output rather than widening it.
    """
    parts = [f"<h4>{escape(title)}</h4>"] if title else []
    if frame.empty:
        parts.append(note(empty))
        return "".join(parts)
    if len(frame) > MAX_ROWS:
        parts.append(note(f"The first {MAX_ROWS} of {len(frame):,} rows; all are on the explorer."))
    table = frame.head(MAX_ROWS).to_html(index=False, escape=True, border=0, na_rep="")
    parts.append(f"{SCROLLING}{table}</div>")
    return "".join(parts)


class Explorer:
    """Controls above one HTML output, redrawn whenever a control's value changes.

    Subclasses create their controls, call `__init__` with them, and implement `render`,
    which queries, keeps its data on the explorer and returns the HTML to show.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, controls: Sequence[widgets.Widget]):
        self.con = con
        self.controls = list(controls)
        self.output = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.output.add_class("gov-explorer-output")
        self.error: str | None = None
        self._quiet_depth = 0
        self.widget = widgets.VBox(
            [widgets.HBox(self.controls, layout=widgets.Layout(flex_flow="row wrap")), self.output]
        )
        for control in self.controls:
            control.observe(self._changed, names="value")
        self.refresh()

    def render(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Query and redraw for the controls' current values.

        A mistake an analyst can make (an empty date range, a database without check runs) or
        a query DuckDB refuses is shown in the output, in red, rather than lost in the log of a
        widget callback; `error` keeps the message.
        """
        try:
            body = self.render()
            self.error = None
        except (GovernanceError, duckdb.Error) as exc:
            self.error = str(exc)
            body = note(self.error, "gov-error")
        self.output.value = f'<div class="gov-explorer">{_STYLE}{body}</div>'

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Change several controls at once with one redraw afterwards, not one per change."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1
        if not self._quiet_depth:
            self.refresh()

    def _changed(self, _change: dict[str, Any]) -> None:
        if not self._quiet_depth:
            self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
