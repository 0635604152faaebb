"""From a browser's HAR files to findings, through the real commands: two visits to metrix.kz
(tests/ingest/har: one accepts the banner, one never does and sends Global Privacy Control)
loaded with `governance load`, checked with `governance check`, read with `governance findings`.

The sample register declares mx_session (strictly necessary), mx_cookie_consent (the banner's
cookie) and none of the Google, Meta or Yandex cookies: those are classified by the reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_REGISTER, run_cli

HAR = Path(__file__).resolve().parents[1] / "ingest" / "har"


@pytest.fixture(scope="module")
def checked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("har_findings") / "metrix.duckdb"
    for args in (
        ("init", db, "--register", SAMPLE_REGISTER),
        ("load", db, HAR / "accepts.har", HAR / "declines.har"),
        (
            "check",
            db,
            "--period",
            "2026-11",
            "--check",
            "cookies.before_consent",
            "--check",
            "cookies.undeclared",
            "--check",
            "cookies.gpc_ignored",
        ),
    ):
        result = run_cli(*args)
        assert result.returncode in (0, 1), result.stderr
    return db


def _findings(db: Path, check_id: str) -> list[dict]:
    result = run_cli("findings", db, "--period", "2026-11", "--check", check_id, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [row["details"] for row in json.loads(result.stdout)["findings"]]


def test_trackers_set_before_consent_are_found_declared_or_not(checked_db: Path) -> None:
    found = sorted(
        (d["cookie_name"], d["domain"], d["observed_at"], d["category"], d["category_source"])
        for d in _findings(checked_db, "cookies.before_consent")
    )
    # mx_session is strictly necessary; _fbp and _gid came at or after the moment of consent
    assert found == [
        ("IDE", "doubleclick.net", "2026-11-04 03:00:01.502+00", "marketing", "reference"),
        ("_ga", "metrix.kz", "2026-11-03 05:15:00.12+00", "analytics", "reference"),
        ("_ym_uid", "metrix.kz", "2026-11-04 03:00:00.015+00", "analytics", "reference"),
    ]


def test_undeclared_cookies_carry_what_the_reference_says(checked_db: Path) -> None:
    found = sorted(
        (
            d["cookie_name"],
            d["suggested_category"],
            d["platform"],
            d["set_before_consent"],
            d["severity"],
        )
        for d in _findings(checked_db, "cookies.undeclared")
    )
    assert found == [
        ("IDE", "marketing", "DoubleClick/Google Marketing", True, "high"),
        ("_fbp", "marketing", "Facebook", False, "medium"),
        ("_ga", "analytics", "Google Analytics", True, "high"),
        ("_gid", "analytics", "Google Analytics", False, "medium"),
        ("_ym_uid", "analytics", "Yandex.Metrica", True, "high"),
    ]


def test_a_marketing_cookie_on_a_visit_sending_gpc_is_found(checked_db: Path) -> None:
    found = [
        (d["evidence"], d["cookie_name"], d["domain"])
        for d in _findings(checked_db, "cookies.gpc_ignored")
    ]
    assert found == [("cookie", "IDE", "doubleclick.net")]
