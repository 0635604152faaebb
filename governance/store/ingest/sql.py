"""The loader's SQL: Jinja templates in `sql/`, rendered from a kind's description.

The SQL lives in `.sql` files shipped with the package (as dbt keeps its macros);
what varies per kind (column lists, rules) is filled in by Jinja from kinds.yaml.
Values never enter the text: the file path, load id and such are bound as
parameters, and every name that does enter it (columns, including the extra
columns a file brings) goes through `ident` or `literal`, which quote it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import duckdb
import jinja2

from governance.store import queries


def ident(name: str) -> str:
    """`name` as a quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(text: str) -> str:
    """`text` as a quoted SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


@cache
def _environment() -> jinja2.Environment:
    env = queries.template_environment(
        "governance.store.ingest",
        "sql",
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ident"] = ident
    env.filters["literal"] = literal
    return env


def render(template: str, **context: Any) -> str:
    """The SQL of `sql/<template>.sql` for `context` (usually `kind=...`)."""
    return _environment().get_template(f"{template}.sql").render(**context)


def run(
    con: duckdb.DuckDBPyConnection,
    template: str,
    parameters: dict[str, Any] | None = None,
    **context: Any,
) -> duckdb.DuckDBPyConnection:
    """Render `template` and execute its statements on `con` with `queries.run`, the one
    binder (each statement gets exactly the parameters it declares); the connection holds the
    last statement's result."""
    return queries.run(con, render(template, **context), **(parameters or {}))
