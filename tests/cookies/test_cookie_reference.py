"""The reference of known cookies: shipped with its licence, loaded at `governance init`, mapped
to the register's categories, and extended by a company's own files that take precedence."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from governance.cookies.reference import SHIPPED_FILE, shipped_folder
from governance.errors import RegisterError
from governance.store import init_database

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT.parent / "shared" / "fixtures" / "open_cookie_database"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_shipped_reference_is_the_open_cookie_database_unchanged_with_its_licence() -> None:
    folder = shipped_folder()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("__")) == [
        "LICENSE",
        "SOURCE.md",
        SHIPPED_FILE,
    ]
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Version 2.0" in (folder / "LICENSE").read_text(encoding="utf-8")
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    assert "jkwakman/Open-Cookie-Database" in source
    assert "0ee5a17fe1cb002943f89370d24fc26a4226061c" in source
    if FIXTURE.is_dir():  # the copy beside the project, where the reference came from
        for name in ("LICENSE", "SOURCE.md", SHIPPED_FILE):
            assert _sha256(folder / name) == _sha256(FIXTURE / name), name


def test_init_loads_every_reference_row_with_the_register_categories(minimal_db: Path) -> None:
    con = duckdb.connect(str(minimal_db), read_only=True)
    try:
        total = con.execute("SELECT count(*) FROM cookie_reference").fetchone()[0]
        mapping = dict(
            con.execute(
                "SELECT source_category, string_agg(DISTINCT category, ',') "
                "FROM cookie_reference GROUP BY ALL"
            ).fetchall()
        )
        prefixes = con.execute(
            "SELECT count(*) FILTER (WHERE is_prefix), count(DISTINCT source) "
            "FROM cookie_reference"
        ).fetchone()
        ga4 = con.execute(
            "SELECT platform, category, is_prefix, controller FROM cookie_reference "
            "WHERE cookie_name = '_ga_'"
        ).fetchall()
    finally:
        con.close()
    assert total == 2264
    assert mapping == {
        "Analytics": "analytics",
        "Marketing": "marketing",
        "Personalization": "functional",
        "Security": "strictly_necessary",
        "Necessary": "strictly_necessary",
        # the Open Cookie Database's Functional mixes sessions and consent cookies with
        # preference cookies: it cannot tell whether consent is needed
        "Functional": "unknown",
    }
    assert prefixes == (260, 1)
    assert ga4 == [("Google Analytics", "analytics", True, "Google")]


def _register_with(minimal_register: Path, reference: str) -> Path:
    text = minimal_register.read_text(encoding="utf-8")
    minimal_register.write_text(f"cookie_reference: {reference}\n{text}", encoding="utf-8")
    return minimal_register


def test_a_company_reference_file_comes_first_and_means_what_it_says(
    tmp_path: Path, minimal_register: Path
) -> None:
    # a name the shipped reference calls Functional, the company's own session cookie, and a
    # file name DuckDB would read as a glob pattern
    own = minimal_register.parent / "our cookies [2026].csv"
    own.write_text(
        "Cookie / Data Key name,Category,Platform,Wildcard match\n"
        "PHPSESSID,strictly_necessary,our shop,0\n"
        "mx_ab_,Analytics,our A/B tests,1\n"
        "lang,Functional,our site,0\n",
        encoding="utf-8",
    )
    db = tmp_path / "own.duckdb"
    init_database(db, _register_with(minimal_register, '"our cookies [2026].csv"'))
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT cookie_name, category, is_prefix, platform, source_rank FROM cookie_reference "
            "WHERE source_rank = 0 ORDER BY source_line"
        ).fetchall()
        shipped = con.execute(
            "SELECT count(*) FROM cookie_reference WHERE source_rank = 1"
        ).fetchone()[0]
    finally:
        con.close()
    assert rows == [
        ("PHPSESSID", "strictly_necessary", False, "our shop", 0),
        ("mx_ab_", "analytics", True, "our A/B tests", 0),
        ("lang", "functional", False, "our site", 0),
    ]
    assert shipped == 2264


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            "Cookie / Data Key name,Category\n_ga,Analytics\nmx_x,Tracking\n",
            "record 2: category 'Tracking' is not one of Analytics, Marketing, Functional",
        ),
        (
            "Cookie / Data Key name,Category\n,Analytics\n",
            'record 1: no cookie name (column "Cookie / Data Key name")',
        ),
        ("Name,Category\n_ga,Analytics\n", "line 1: a cookie reference needs the columns"),
    ],
    ids=["unknown-category", "no-name", "wrong-header"],
)
def test_a_bad_company_reference_is_refused_and_the_database_keeps_its_register(
    tmp_path: Path, minimal_register: Path, content: str, reason: str
) -> None:
    db = tmp_path / "kept.duckdb"
    init_database(db, minimal_register)
    own = minimal_register.parent / "own.csv"
    own.write_text(content, encoding="utf-8")
    with pytest.raises(RegisterError) as error:
        init_database(db, _register_with(minimal_register, "own.csv"))
    assert str(own) in str(error.value)
    assert reason in str(error.value)
    con = duckdb.connect(str(db), read_only=True)
    try:
        kept = con.execute("SELECT count(*), max(source_rank) FROM cookie_reference").fetchone()
    finally:
        con.close()
    assert kept == (2264, 1)


def test_a_missing_company_reference_names_the_file(
    tmp_path: Path, minimal_register: Path
) -> None:
    with pytest.raises(RegisterError, match=r"nowhere\.csv: cookie reference file not found"):
        init_database(tmp_path / "x.duckdb", _register_with(minimal_register, "nowhere.csv"))
