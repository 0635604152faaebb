"""The report set of one period against the floor of papermill + nbconvert, and HTML sizes.

Two floors are measured side by side with the set: one empty notebook (a parameters cell only)
executed by papermill and exported by nbconvert, and the same report pipeline (parallel workers,
export, guard, publishing) over six such empty notebooks. The set is `build_reports` for every
scheduled notebook, with the checks already run, so notebooks, export, guard and publishing
are what is timed.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

import nbformat

from benchmarks.datasets import Scale
from benchmarks.measure import Figure, Row, timed
from benchmarks.queries import PERIOD
from governance.publish.catalogue import SCHEDULED
from governance.publish.execute import run_notebook
from governance.publish.export import notebook_to_html
from governance.publish.runner import build_reports, ensure_checks
from governance.reports.parameters import ReportParameters

PARAMETERS = 'db_path = ""\nperiod = "2026-10"\nframework = "kz"\nmin_cell = 5\n'


def empty_notebook(path: Path) -> Path:
    """A notebook holding only the parameters cell, for the governance kernel."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(PARAMETERS)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {
        "name": "governance",
        "display_name": "Python (governance)",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def measure_reports(scale: Scale, db: Path, repeats: int) -> list[Row]:
    params = ReportParameters.validate(
        {"db_path": str(db), "period": PERIOD, "framework": "kz", "min_cell": 5, "lang": "en"}
    )
    ensure_checks(db, params.period, "kz")
    floors, empty_sets, sets, ratios, ratios_empty = [], [], [], [], []
    sizes: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = empty_notebook(folder / "empty.ipynb")
        empty_dir = folder / "empty_set"
        empty_dir.mkdir()
        for notebook in SCHEDULED:
            shutil.copy(empty, empty_dir / f"{notebook.name}.ipynb")
        for index in range(repeats):
            floor, _ = timed(
                lambda: notebook_to_html(run_notebook(empty, folder / "empty.out.ipynb", params))
            )
            empty_set, _ = timed(
                build_reports, db, PERIOD, folder / f"empty{index}", notebook_dir=empty_dir
            )
            report_set, published = timed(build_reports, db, PERIOD, folder / f"reports{index}")
            for name, path in published.html.items():
                sizes.setdefault(name, []).append(path.stat().st_size / 1024)
            floors.append(floor)
            empty_sets.append(empty_set)
            sets.append(report_set)
            ratios.append(report_set / floor)
            ratios_empty.append(report_set / empty_set)
    count = len(SCHEDULED)
    rows = [
        Row(
            scale.name,
            "floor: papermill + nbconvert, one empty notebook",
            Figure(tuple(floors)),
            "s",
        ),
        Row(
            scale.name,
            f"floor: report pipeline over {count} empty notebooks",
            Figure(tuple(empty_sets)),
            "s",
        ),
        Row(
            scale.name,
            f"report set ({count} notebooks, one period)",
            Figure(tuple(sets)),
            "s",
            f"the {count} empty notebooks",
            statistics.median(ratios_empty),
            "<= 3",
            statistics.median(ratios_empty) <= 3,
        ),
        Row(
            scale.name,
            "report set against one empty notebook",
            Figure(tuple(sets)),
            "s",
            "one empty notebook",
            statistics.median(ratios),
        ),
    ]
    for name in sorted(sizes):
        size = Figure(tuple(sizes[name]))
        dashboard = name == "compliance_dashboard"
        rows.append(
            Row(
                scale.name,
                f"published {name}.html",
                size,
                "KB",
                target="< 1.5 MB" if dashboard else "",
                met=size.median < 1536 if dashboard else None,
            )
        )
    return rows
