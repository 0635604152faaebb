"""The reference of known cookies: what a cookie the register does not declare probably is.

A scanner on metrix.kz sees `_ga`, `_ym_uid`, `IDE`, `_fbp`: the register may not name them, yet
whoever reads the findings needs to know that they are Google Analytics, Yandex.Metrica and
advertising trackers, not a session cookie. The package ships the Open Cookie Database
(`open_cookie_database/`: the CSV unchanged, its Apache-2.0 LICENSE and SOURCE.md) and loads it
into `cookie_reference` whenever `governance init` stores a register; a company adds its own
files in the same columns (`cookie_reference:` in the register), which take precedence.

Categories become the register's words (reference_read.sql): Analytics and Marketing map to
themselves, Personalization to functional, Security and Necessary to strictly_necessary, and the
Open Cookie Database's Functional to `unknown`: it holds session, load-balancing and consent
cookies alongside preference cookies, so it cannot say whether consent is needed. A company's
own file is taken at its word (its Functional is functional).

The reference suggests; it never declares. The checks use it only for cookies the register does
not match (rules/cookie_classes.sql), and every finding says which of the two it came from.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb

from governance.errors import Problem, RegisterError, StoreError
from governance.store import queries

#: the shipped reference, as findings name it
SHIPPED_SOURCE = "Open Cookie Database"
SHIPPED_FOLDER = "open_cookie_database"
SHIPPED_FILE = "open-cookie-database.csv"
#: the Open Cookie Database's columns, in its order; a company file needs the two required
COLUMNS = (
    "ID",
    "Platform",
    "Category",
    "Cookie / Data Key name",
    "Domain",
    "Description",
    "Retention period",
    "Data Controller",
    "User Privacy & GDPR Rights Portals",
    "Wildcard match",
)
REQUIRED = ("Cookie / Data Key name", "Category")


def shipped_folder() -> Path:
    """Where the shipped reference, its licence and its SOURCE.md are installed."""
    return queries.directory("governance.cookies", SHIPPED_FOLDER)


def refresh_reference(
    con: duckdb.DuckDBPyConnection, company_files: Sequence[Path] = ()
) -> dict[str, int]:
    """Replace `cookie_reference` with the shipped reference and `company_files`, in order.

    The caller owns the transaction (`governance init`): a bad company file raises
    RegisterError naming file, record and reason, and the old reference stays.
    Returns the rows stored per source.
    """
    con.execute("DELETE FROM cookie_reference")
    counts = {SHIPPED_SOURCE: _load(con, shipped_folder() / SHIPPED_FILE, SHIPPED_SOURCE, 1)}
    for path in company_files:
        counts[str(path)] = _load(con, path, str(path), 0)
    return counts


def _load(con: duckdb.DuckDBPyConnection, path: Path, source: str, rank: int) -> int:
    """Read one reference file into cookie_reference; refuse it whole on its first problem."""
    if not path.is_file():
        raise RegisterError([Problem(source, "", "cookie reference file not found")])
    with _readable_copy(path) as copy:
        header = _header(con, copy, source)
        con.execute(f"CREATE OR REPLACE TEMP VIEW reference_file AS {_select(copy, header)}")
        try:
            problem = queries.run(
                con,
                queries.sql("governance.cookies", "sql/reference_read.sql"),
                source=source,
                rank=rank,
                shipped=rank == 1,
            ).fetchone()
        finally:
            con.execute("DROP VIEW IF EXISTS reference_file")
    if problem:
        record, reason, total = problem
        more = f" ({total} records have problems)" if total > 1 else ""
        raise RegisterError([Problem(source, f"record {record}", f"{reason}{more}")])
    stored = con.execute("SELECT count(*) FROM reference_rows").fetchone()[0]
    queries.run(con, queries.sql("governance.cookies", "sql/reference_store.sql"))
    return int(stored)


def _header(con: duckdb.DuckDBPyConnection, copy: Path, source: str) -> list[str]:
    try:
        rows = con.execute(
            "DESCRIBE SELECT * FROM read_csv(?, header = true, all_varchar = true)", [str(copy)]
        ).fetchall()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise RegisterError([Problem(source, "", f"cannot be read as CSV: {first}")]) from None
    header = [row[0] for row in rows]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise RegisterError(
            [
                Problem(
                    source,
                    "line 1",
                    f"a cookie reference needs the columns {', '.join(REQUIRED)} (the Open "
                    f"Cookie Database's header); missing: {', '.join(missing)}",
                )
            ]
        )
    return header


def _select(copy: Path, header: list[str]) -> str:
    """The file with every reference column, NULL for those it lacks."""
    columns = ", ".join(
        _ident(c) if c in header else f"CAST(NULL AS VARCHAR) AS {_ident(c)}" for c in COLUMNS
    )
    path = str(copy).replace("'", "''")
    return f"SELECT {columns} FROM read_csv('{path}', header = true, all_varchar = true)"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextlib.contextmanager
def _readable_copy(path: Path) -> Iterator[Path]:
    """A copy with a plain name: DuckDB reads a path as a glob pattern (`[`, `*`, `?`), and a
    company's file name is not ours to rewrite (the same reason as ingest/snapshot.py)."""
    with tempfile.TemporaryDirectory(prefix="governance-reference-") as folder:
        copy = Path(folder) / "reference.csv"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        yield copy
