"""The check catalogue itself: every SQL file parses, ids follow paths, packs map every check."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.checks.registry import Check, Severity, all_checks, parse_check
from governance.errors import CheckError
from governance.frameworks.pack import AVAILABLE, load_pack

SQL_DIR = Path(__file__).resolve().parents[2] / "governance" / "checks" / "sql"
SQL_FILES = sorted(SQL_DIR.rglob("*.sql"))

GOOD_HEADER = """\
-- id: demo.sample
-- title: A sample check
-- severity: medium
-- section: 4
-- keys: event_id, system_id
-- description: What the rows are,
--   continued on an indented line.
-- remediation: What to do.
SELECT 1 AS event_id, 'crm' AS system_id
"""


def _parse(path: Path) -> Check:
    return parse_check(path.read_text(encoding="utf-8"), str(path.relative_to(SQL_DIR)))


def test_the_catalogue_has_checks() -> None:
    assert len(SQL_FILES) >= 23
    assert len(all_checks()) == len(SQL_FILES), "a check file is missing from the registry"


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_check_file_parses_and_its_id_matches_its_path(path: Path) -> None:
    check = _parse(path)
    assert check.id == ".".join(path.relative_to(SQL_DIR).with_suffix("").parts)
    assert isinstance(check.severity, Severity)
    assert 1 <= check.section <= 10
    assert check.keys, "a check needs key columns for its finding keys"
    assert len(set(check.keys)) == len(check.keys)
    assert check.title and check.description and check.remediation


def test_check_ids_are_unique() -> None:
    ids = [_parse(path).id for path in SQL_FILES]
    assert len(set(ids)) == len(ids)
    assert [c.id for c in all_checks()] == sorted(ids)


@pytest.mark.parametrize("framework", AVAILABLE)
def test_every_check_is_mapped_in_the_framework_pack(framework: str) -> None:
    pack = load_pack(framework)
    ids = {c.id for c in all_checks()}
    assert sorted(ids - set(pack.checks)) == [], f"checks missing from {framework}.yaml"
    assert sorted(set(pack.checks) - ids) == [], f"{framework}.yaml maps checks that do not exist"


def test_a_good_header_parses() -> None:
    check = parse_check(GOOD_HEADER, "demo/sample.sql")
    assert check.id == "demo.sample"
    assert check.severity is Severity.MEDIUM
    assert check.section == 4
    assert check.keys == ("event_id", "system_id")
    assert check.description == "What the rows are, continued on an indented line."
    assert check.sql == GOOD_HEADER


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("-- title: A sample check\n", "", "title"),
        ("-- keys: event_id, system_id\n", "-- keys:\n", "keys"),
        ("-- remediation: What to do.\n", "", "remediation"),
        ("-- section: 4\n", "-- section: four\n", "section"),
        ("-- section: 4\n", "-- section: 11\n", "section"),
        ("-- section: 4\n", "-- section: 0\n", "section"),
        ("-- severity: medium\n", "-- severity: urgent\n", "severity"),
    ],
    ids=[
        "no-title",
        "empty-keys",
        "no-remediation",
        "section-nan",
        "section-11",
        "section-0",
        "bad-severity",
    ],
)
def test_a_malformed_header_names_the_file_and_the_field(old: str, new: str, field: str) -> None:
    text = GOOD_HEADER.replace(old, new)
    assert text != GOOD_HEADER
    with pytest.raises(CheckError) as caught:
        parse_check(text, "demo/broken.sql")
    message = str(caught.value)
    assert "demo/broken.sql" in message
    assert field in message
