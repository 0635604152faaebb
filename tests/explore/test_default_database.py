"""default_database(): which database a notebook opens when it is given none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from governance.errors import StoreError
from governance.explore import _base, default_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout after `make demo` (out/metrix.duckdb), and no GOVERNANCE_DB; the package's
    own editable checkout is hidden, so only the folders of each test count."""
    root = tmp_path / "checkout"
    (root / "out").mkdir(parents=True)
    (root / "notebooks" / "drafts").mkdir(parents=True)
    (root / "out" / "metrix.duckdb").write_bytes(b"")
    monkeypatch.delenv("GOVERNANCE_DB", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setattr(_base, "_editable_checkout", lambda: None)
    return root


def test_governance_db_wins_over_any_demo_database(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("GOVERNANCE_DB", "/srv/governance/metrix.duckdb")
    assert default_database() == Path("/srv/governance/metrix.duckdb")


def test_a_kernel_started_in_a_folder_below_the_checkout_finds_the_demo_database(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(checkout / "notebooks" / "drafts")
    assert default_database() == checkout / "out" / "metrix.duckdb"


def test_jupyterlab_names_the_notebook_so_its_folder_is_searched_whatever_the_kernel_cwd(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # jupyter_server sets JPY_SESSION_NAME to the notebook's path in the kernel's environment
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("JPY_SESSION_NAME", str(checkout / "notebooks" / "explore.ipynb"))
    assert default_database() == checkout / "out" / "metrix.duckdb"


def test_the_editable_checkout_is_searched_last(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(_base, "_editable_checkout", lambda: checkout)
    assert default_database() == checkout / "out" / "metrix.duckdb"


def test_without_a_database_the_error_says_how_to_make_or_name_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVERNANCE_DB", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setattr(_base, "_editable_checkout", lambda: None)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError) as raised:
        default_database()
    message = str(raised.value)
    assert message.startswith("no database given and no out/metrix.duckdb found; looked in:")
    assert f"\n  {tmp_path / 'out' / 'metrix.duckdb'}\n" in message
    assert "'make demo'" in message and "'governance demo --out out/'" in message
    assert "GOVERNANCE_DB=/path/to/metrix.duckdb" in message


def test_the_editable_checkout_is_the_one_pip_recorded(tmp_path: Path) -> None:
    # in a fresh interpreter outside the checkout, as a kernel started elsewhere would be
    code = "from governance.explore._base import _editable_checkout; print(_editable_checkout())"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert found.returncode == 0, found.stderr
    if found.stdout.strip() == "None":
        pytest.skip("the package is not installed in editable mode (pip install -e .)")
    assert Path(found.stdout.strip()) == ROOT
