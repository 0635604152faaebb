"""The one loader and the one binder (governance/store/queries.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from governance.store import queries

ROOT = Path(__file__).resolve().parents[2]


def test_a_parameter_named_only_in_a_comment_is_not_bound() -> None:
    con = duckdb.connect()
    sql = (
        "-- params: $period_start, $run_id (a comment naming parameters binds nothing)\n"
        "SELECT $value AS value /* $also_not_a_parameter */, '$in_a_string' AS text"
    )
    rows = queries.run(con, sql, value=7, period_start="2026-10-01", run_id=1).fetchall()
    assert rows == [(7, "$in_a_string")]


def test_each_statement_gets_exactly_the_parameters_it_declares() -> None:
    con = duckdb.connect()
    sql = (
        "CREATE TEMP TABLE t AS SELECT $first AS a;\n"
        "INSERT INTO t SELECT $second;\n"
        "SELECT list(a ORDER BY a) FROM t"
    )
    assert queries.run(con, sql, first=1, second=2, unused=3).fetchall() == [([1, 2],)]


def test_a_declared_parameter_nobody_gave_is_named() -> None:
    con = duckdb.connect()
    with pytest.raises(queries.QueryError, match=r"\$period_end"):
        queries.run(con, "SELECT $period_start < $period_end", period_start=1)


def test_records_keep_duckdb_values() -> None:
    con = duckdb.connect()
    assert queries.records(con, "SELECT 1 AS n, 'a' AS s") == [{"n": 1, "s": "a"}]


def test_listing_finds_every_check_file_recursively() -> None:
    found = queries.listing("governance.checks", "sql")
    on_disk = sorted(
        str(p.relative_to(ROOT / "governance" / "checks"))
        for p in (ROOT / "governance" / "checks" / "sql").rglob("*.sql")
    )
    assert found == on_disk


def test_templates_load_through_the_package() -> None:
    environment = queries.template_environment("governance.publish", "templates", autoescape=True)
    assert "<html" in environment.get_template("index.html.j2").render(periods=[], organisation="")


def test_no_other_module_reads_package_files_or_builds_a_package_loader() -> None:
    """The acceptance of the query seam: one loader. `git grep` over the package's Python."""
    hits = subprocess.run(
        ["git", "grep", "-n", "-E", r"resources\.files\(|PackageLoader", "--", "governance/*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    assert [h for h in hits if not h.startswith("governance/store/queries.py:")] == []


def test_no_module_finds_files_relative_to_the_source_tree() -> None:
    """A wheel has no repository around it: nothing may climb out of the package."""
    offenders = []
    for path in (ROOT / "governance").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"parents\[\d\]|Path\(__file__\)", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_every_folder_with_python_modules_is_a_package() -> None:
    """setup.py's find_packages ships only folders with an __init__.py: an editable install
    finds a module a wheel would leave out."""
    missing = [
        str(folder.relative_to(ROOT))
        for folder in (ROOT / "governance").rglob("*")
        if folder.is_dir()
        and folder.name != "__pycache__"
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    ]
    assert missing == []
