"""Shared fixtures: real DuckDB files built from real register files, in tmp folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_REGISTER = ROOT / "data_samples" / "metrix" / "register.yaml"
MINIMAL_REGISTER = ROOT / "tests" / "register" / "cases" / "minimal_register.yaml"
FIDES_DEMO = ROOT.parent / "shared" / "fixtures" / "fides_demo"


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


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `governance` command in a subprocess and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "governance", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
