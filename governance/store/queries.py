"""The one way the package reads its shipped files and runs its SQL.

Every `.sql` file, YAML pack, Jinja template and report notebook ships inside the package and is
read through `importlib.resources` here, so a wheel installed anywhere finds the same files an
editable checkout does (dbt-duckdb keeps its SQL the same way). Nothing else in the package
calls `resources.files` or builds a Jinja `PackageLoader`.

`run(con, sql, **params)` is the one binder. DuckDB's prepared statement knows which `$name`
parameters it declares (`Statement.named_parameters`, from the parser), so each statement gets
exactly those: a `$name` inside a comment or a string literal is not a parameter, and a caller
may offer more values than a statement uses (DuckDB refuses extra ones). A parameter a statement
declares and nobody offers is a `QueryError` naming it.

>>> text = sql("governance.metrics", "sql/withdrawals.sql")  # doctest: +SKIP
>>> frame(con, text, period_start=start, period_end=end)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from governance.errors import GovernanceError


class QueryError(GovernanceError):
    """A shipped SQL file cannot be run as asked (a parameter nobody gave)."""


# --- shipped files ---------------------------------------------------------------------------


def resource(package: str, path: str = "") -> Traversable:
    """The shipped file or folder `path` (relative, `/`-separated) of `package`."""
    item = resources.files(package)
    for part in (p for p in path.split("/") if p):
        item = item.joinpath(part)
    return item


@cache
def text(package: str, path: str) -> str:
    """The text of a shipped file, e.g. `text("governance.frameworks", "kz.yaml")`."""
    return resource(package, path).read_text(encoding="utf-8")


def sql(package: str, path: str) -> str:
    """The text of a shipped SQL file; `.sql` is added when `path` lacks it."""
    return text(package, path if path.endswith(".sql") else f"{path}.sql")


def listing(package: str, folder: str, suffix: str = ".sql") -> list[str]:
    """Every file ending in `suffix` below `folder` (recursively), as paths relative to the
    package, sorted: `listing("governance.checks", "sql")` -> `["sql/access/stale_grant.sql",
    ...]`. The registry of checks and the migrations find their files this way."""

    def walk(item: Traversable, prefix: str) -> Iterator[str]:
        for child in item.iterdir():
            if child.is_dir():
                yield from walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(suffix):
                yield f"{prefix}{child.name}"

    root = resource(package, folder)
    if not root.is_dir():
        return []
    return sorted(walk(root, f"{folder.strip('/')}/" if folder.strip("/") else ""))


def directory(package: str, folder: str) -> Path:
    """A shipped folder as a filesystem path, for tools that want one (nbconvert's template
    folders, papermill's input notebooks). The package is installed as files (wheel or
    editable), never zipped; a zipped install is refused with the reason."""
    item = resource(package, folder)
    if not isinstance(item, Path):
        raise QueryError(
            f"{package}/{folder} is not on the filesystem ({type(item).__name__}): install the "
            "governance package unzipped (pip does)"
        )
    return item


def template_environment(package: str, folder: str, **options: Any) -> Any:
    """A Jinja environment whose templates are the shipped files of `package/folder`.

    `options` go to `jinja2.Environment` (autoescape, undefined, trim_blocks...). `_()` and
    `ngettext()` are globals: a template's words are in the current language.
    """
    import jinja2

    def load(name: str) -> tuple[str, str, Callable[[], bool]]:
        item = resource(package, f"{folder}/{name}")
        if not item.is_file():
            raise jinja2.TemplateNotFound(name)
        # shipped files do not change while the process runs
        return item.read_text(encoding="utf-8"), f"{package}/{folder}/{name}", lambda: True

    from governance.i18n import _, ngettext

    environment = jinja2.Environment(loader=jinja2.FunctionLoader(load), **options)
    # every shipped template may speak the reader's language (governance.i18n)
    environment.globals.update(_=_, ngettext=ngettext)
    return environment


# --- the binder ------------------------------------------------------------------------------


def bind(statement: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The values of exactly the parameters `statement` declares (a DuckDB `Statement`)."""
    declared = statement.named_parameters
    missing = sorted(declared - params.keys())
    if missing:
        names = ", ".join(f"${name}" for name in missing)
        raise QueryError(f"the SQL statement needs {names}, which no caller gave: {statement}")
    return {name: params[name] for name in declared}


def run(con: duckdb.DuckDBPyConnection, sql_text: str, /, **params: Any) -> Any:
    """Execute every statement of `sql_text`; return the connection holding the last result.

    Each statement gets exactly the `params` it declares. The results of the statements before
    the last are read and dropped: DuckDB 2.0 keeps a statement open until its result is read,
    even for DDL, and the next statement on the connection would fail.
    """
    statements = con.extract_statements(sql_text)
    result: Any = con
    for index, statement in enumerate(statements):
        values = bind(statement, params)
        result = con.execute(statement, values) if values else con.execute(statement)
        if index < len(statements) - 1:
            result.fetchall()
    return result


def frame(con: duckdb.DuckDBPyConnection, sql_text: str, /, **params: Any) -> pd.DataFrame:
    """The last statement's rows as a DataFrame."""
    return run(con, sql_text, **params).df()


def records(
    con: duckdb.DuckDBPyConnection, sql_text: str, /, **params: Any
) -> list[dict[str, Any]]:
    """The last statement's rows as dicts with DuckDB's own Python values (no pandas types)."""
    cursor = run(con, sql_text, **params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
