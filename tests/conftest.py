"""Shared fixtures: real DuckDB files built from real register files, in tmp folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_REGISTER = ROOT / "data_samples" / "metrix" / "register.yaml"
MINIMAL_REGISTER = ROOT / "tests" / "register" / "cases" / "minimal_register.yaml"
FIDES_DEMO = ROOT.parent / "shared" / "fixtures" / "fides_demo"


@pytest.fixture(autouse=True)
def _english_until_asked() -> None:
    """Every test starts in English: `open_report(..., lang="ru")` sets the language for the
    rest of its process (a report kernel's whole life), which in pytest is every later test."""
    from governance.i18n import set_language

    set_language("en")


@pytest.fixture
def minimal_register(tmp_path: Path) -> Path:
    """A private copy of the small valid register, safe to edit in a test."""
    target = tmp_path / "register.yaml"
    shutil.copy(MINIMAL_REGISTER, target)
    return target


@pytest.fixture
def minimal_db(tmp_path: Path, minimal_register: Path) -> Path:
    """A database initialised from the minimal register."""
    from governance.store import init_database

    db = tmp_path / "minimal.duckdb"
    init_database(db, minimal_register)
    return db


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database initialised from the sample company's register (read it, don't write it)."""
    from governance.store import init_database

    db = tmp_path_factory.mktemp("sample") / "metrix.duckdb"
    init_database(db, SAMPLE_REGISTER)
    return db


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `governance` command in a subprocess and capture its output.

    `env` changes the inherited environment: a value sets a variable, None removes it.
    """
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-m", "governance", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        check=False,
    )


SAMPLE_EVENTS = ROOT / "data_samples" / "metrix" / "events"
TEST_PSEUDONYM_KEY = "test-pseudonym-key-0123456789abcdef"


@pytest.fixture(scope="session")
def sample_events_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample company with its committed event files loaded (read it, don't write it)."""
    from governance.store import init_database
    from governance.store.ingest import load_files

    db = tmp_path_factory.mktemp("sample_events") / "metrix.duckdb"
    previous = os.environ.get("GOVERNANCE_PSEUDONYM_KEY")
    os.environ["GOVERNANCE_PSEUDONYM_KEY"] = TEST_PSEUDONYM_KEY
    try:
        init_database(db, SAMPLE_REGISTER)
        load_files(db, sorted(SAMPLE_EVENTS.glob("*.csv")))
    finally:
        if previous is None:
            os.environ.pop("GOVERNANCE_PSEUDONYM_KEY", None)
        else:
            os.environ["GOVERNANCE_PSEUDONYM_KEY"] = previous
    return db
