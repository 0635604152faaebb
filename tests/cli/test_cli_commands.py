"""The `governance` command as a scheduler or a person runs it: output, errors, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

COMMANDS = [
    "init", "import-fides", "ropa", "policy", "demo", "load", "check", "findings", "export",
    "report", "verify", "erase", "subject", "generate",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout
    assert "governance " in result.stdout


def test_top_level_help_lists_commands_and_exit_codes() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout
    text = " ".join(result.stdout.split())
    assert "Exit codes:" in text and "3 invalid register" in text


def test_init_then_ropa(tmp_path: Path, minimal_register: Path) -> None:
    db = tmp_path / "db.duckdb"
    init = run_cli("init", db, "--register", minimal_register)
    assert init.returncode == 0, init.stderr
    assert f"{db}: schema version" in init.stdout
    ropa = run_cli("ropa", db, "--format", "html")
    assert ropa.returncode == 0, ropa.stderr
    assert ropa.stdout.strip().startswith(str(tmp_path / "ropa.html"))
    assert (tmp_path / "ropa.html").exists()


def test_invalid_register_exits_3_listing_each_problem(
    tmp_path: Path, minimal_register: Path
) -> None:
    minimal_register.write_text(minimal_register.read_text() + "\nextras: 1\nmore: 2\n")
    result = run_cli("init", tmp_path / "db.duckdb", "--register", minimal_register)
    assert result.returncode == 3
    assert "error: the register has 2 problems:" in result.stderr
    assert "extras: unknown section" in result.stderr and "more: unknown section" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db.duckdb").exists()


def test_debug_shows_the_traceback(tmp_path: Path, minimal_register: Path) -> None:
    minimal_register.write_text(minimal_register.read_text() + "\nextras: 1\n")
    result = run_cli("--debug", "init", tmp_path / "db.duckdb", "--register", minimal_register)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_ropa_of_a_missing_database_exits_4(tmp_path: Path) -> None:
    result = run_cli("ropa", tmp_path / "none.duckdb")
    assert result.returncode == 4
    assert "no database here" in result.stderr


def test_unknown_ropa_format_is_a_usage_error(minimal_db: Path) -> None:
    result = run_cli("ropa", minimal_db, "--format", "pdf")
    assert result.returncode == 2
    assert "choose csv, xlsx or html" in result.stderr


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("governance ")


def test_fides_demo_data_map_appears_in_the_ropa(tmp_path: Path) -> None:
    from conftest import FIDES_DEMO

    if not FIDES_DEMO.exists():
        pytest.skip(f"the Fides demo manifests are not at {FIDES_DEMO}")
    db = tmp_path / "fides.duckdb"
    init = run_cli("init", db, "--register", FIDES_DEMO)
    assert init.returncode == 0, init.stderr
    out = tmp_path / "ropa.csv"
    ropa = run_cli("ropa", db, "--format", "csv", "--out", out)
    assert ropa.returncode == 0, ropa.stderr
    assert ropa.stdout.strip() == f"{out}: 2 processing activities"
    import pandas as pd

    table = pd.read_csv(out).set_index("activity_id")
    analytics = table.loc["demo_analytics_system.analyze_customer_behaviour_for_improvements"]
    assert analytics["activity"] == "Analyze customer behaviour for improvements."
    assert analytics["systems"] == "Demo Analytics System (hosting country not stated)"
    assert analytics["controller"] == "Demo Organization"
    assert analytics["responsible_person"] == "Con Troller (controller@demo_company.com)"
    marketing = table.loc["demo_marketing_system.collect_data_for_marketing"]
    assert marketing["data_subject_categories"] == "Customer"


def test_demo_builds_the_database_and_publishes_the_dashboard(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("demo", "--out", out, env={"GOVERNANCE_PSEUDONYM_KEY": None})
    assert result.returncode == 0, result.stderr
    dashboard = out / "reports" / "2026-10" / "compliance_dashboard.html"
    assert dashboard.exists()
    lines = result.stdout.splitlines()
    outputs = lines[lines.index("Demo outputs:") + 1 :]
    assert outputs[0].split() == ["dashboard", str(dashboard)]
    for name in (
        "metrix.duckdb", "ropa.csv", "ropa.xlsx", "ropa.html", "privacy_policy.html",
        "reports/index.html",
    ):
        assert (out / name).exists()
        assert str(out / name) in result.stdout
    assert "using the sample company's demo pseudonym key" in result.stdout
