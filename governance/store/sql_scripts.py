"""Run the SQL files shipped in the package, statement by statement, with named parameters.

SQL lives in `.sql` files (read with importlib.resources, so it ships in the wheel) rather than in
Python strings: it can be read, linted and transpiled on its own. A file may hold several
statements; each gets only the `$name` parameters it uses, because DuckDB refuses extra ones.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import duckdb


@cache
def sql_text(folder: str, name: str) -> str:
    """The text of `governance/store/<folder>/<name>`."""
    return resources.files("governance.store").joinpath(folder, name).read_text(encoding="utf-8")


def run_script(
    con: duckdb.DuckDBPyConnection, folder: str, name: str, **params: Any
) -> duckdb.DuckDBPyConnection:
    """Execute every statement of a shipped SQL file; return the connection after the last one.

    The caller fetches the last statement's result (`.fetchall()`, `.df()`); a file meant to be
    atomic runs inside the caller's transaction (see `governance.store.transaction.atomic`).
    """
    result = con
    for statement in con.extract_statements(sql_text(folder, name)):
        wanted = {key: params[key] for key in statement.named_parameters}
        result = con.execute(statement, wanted) if wanted else con.execute(statement)
    return result
