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


def ident(name: str) -> str:
    """`name` as a quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(text: str) -> str:
    """`text` as a quoted SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("governance.store.ingest", "sql"),
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
    """Render `template` and execute its statements on `con`; fetch the last one's result.

    Each statement gets only the `$name` parameters it uses (DuckDB refuses extra ones),
    as `governance.store.sql_scripts.run_script` does for plain SQL files.
    """
    parameters = parameters or {}
    result = con
    for statement in con.extract_statements(render(template, **context)):
        wanted = {name: parameters[name] for name in statement.named_parameters}
        result = con.execute(statement, wanted) if wanted else con.execute(statement)
    return result
