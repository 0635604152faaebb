"""explore.ipynb run by nbclient on the `governance` kernel, in the notebook's folder as JupyterLab
starts it: what an analyst sees under each cell (no warnings when jupysql loads), and the sample
database found without GOVERNANCE_DB. Faster than the server test beside it, which checks
the widgets and SQL results through a real jupyter server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from explore_helpers import explore_database
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def explore_db(tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path) -> Path:
    return explore_database(tmp_path_factory, sample_events_db)


def run(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Execute `nb` in a fresh governance kernel started in `folder`, as JupyterLab would."""
    client = NotebookClient(
        nb, kernel_name="governance", timeout=300, resources={"metadata": {"path": str(folder)}}
    )
    return client.execute()


def seen_text(output: dict[str, Any]) -> str:
    """Every text an output shows: a stream's text, or each representation of a display."""
    if output["output_type"] == "stream":
        return output["text"]
    if output["output_type"] == "error":
        return f"{output['ename']}: {output['evalue']}"
    return " ".join(str(value) for value in output.get("data", {}).values())


def test_loading_jupysql_in_the_notebook_shows_no_warning(
    explore_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVERNANCE_DB", str(explore_db))
    nb = run(nbformat.read(NOTEBOOK, as_version=4), NOTEBOOK.parent)

    cells = {cell.id: cell for cell in nb.cells if cell.cell_type == "code"}
    errors = [(i, seen_text(o)) for i, c in cells.items() for o in c.outputs if "ename" in o]
    assert errors == []
    sql_setup = cells["sql-setup"]
    assert "%load_ext" in sql_setup.source
    # nothing under the cell at all: no stderr, no jupysql message, no pyspark FutureWarning
    assert sql_setup.outputs == []
    for cell_id, cell in cells.items():
        streams = [o for o in cell.outputs if o["output_type"] == "stream"]
        assert [o["name"] for o in streams if o["name"] == "stderr"] == [], cell_id
        assert all("warning" not in seen_text(o).lower() for o in cell.outputs), cell_id
    assert "email_marketing" in seen_text(cells["duckdb-consent-state"].outputs[0])


def test_the_notebook_finds_the_demo_database_from_its_folder_without_governance_db(
    explore_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a checkout elsewhere, after `make demo`: <checkout>/out/metrix.duckdb beside notebooks/
    checkout = tmp_path / "checkout"
    (checkout / "out").mkdir(parents=True)
    (checkout / "notebooks").mkdir()
    (checkout / "out" / "metrix.duckdb").symlink_to(explore_db)
    monkeypatch.delenv("GOVERNANCE_DB", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    opening = [cell for cell in nb.cells if cell.id in ("parameters", "setup")]
    show = nbformat.v4.new_code_cell("print(db_path)\nprint(con.execute('SELECT 1').fetchall())")
    nb.cells = [*opening, show]

    done = run(nb, checkout / "notebooks")

    printed = done.cells[-1].outputs[0]["text"].split("\n")
    assert printed[:2] == [str(checkout / "out" / "metrix.duckdb"), "[(1,)]"]
