"""The report set of one period on the small sample, against the floor of papermill + nbconvert.

    .venv/bin/python benchmarks/bench_reports.py [--repeats 3]

The floor is what any papermill report costs here: executing an empty notebook that has only a
parameters cell (kernel start included) and exporting it with nbconvert. The report set is
`build_reports` for every scheduled notebook of 2026-10 on the committed sample (checks already
run, so only notebooks, export, guard and publishing are timed). Both are measured side by side in
one run; the figures are medians with min and max. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from governance.reports.catalogue import SCHEDULED
from governance.reports.execute import run_notebook
from governance.reports.export import notebook_to_html
from governance.reports.parameters import ReportParameters
from governance.reports.runner import build_reports, ensure_checks
from governance.store import init_database
from governance.store.ingest import load_files

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data_samples" / "metrix"
PERIOD = "2026-10"


def _empty_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        'db_path = ""\nperiod = "2026-10"\nframework = "kz"\nmin_cell = 5\n'
    )
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {
        "name": "governance",
        "display_name": "Python (governance)",
        "language": "python",
    }
    path = folder / "empty.ipynb"
    nbformat.write(nb, path)
    return path


def floor_seconds(folder: Path, params: ReportParameters) -> float:
    started = time.perf_counter()
    executed = run_notebook(_empty_notebook(folder), folder / "empty.out.ipynb", params)
    notebook_to_html(executed)
    return time.perf_counter() - started


def empty_set_seconds(db: Path, folder: Path, out: Path) -> float:
    """The same pipeline (parallel papermill, export, guard, publish) over empty notebooks."""
    notebooks = folder / "empty_set"
    notebooks.mkdir(exist_ok=True)
    for notebook in SCHEDULED:
        shutil.copy(_empty_notebook(folder), notebooks / f"{notebook.name}.ipynb")
    started = time.perf_counter()
    build_reports(db, PERIOD, out, notebook_dir=notebooks)
    return time.perf_counter() - started


def report_set_seconds(db: Path, out: Path) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    run = build_reports(db, PERIOD, out)
    seconds = time.perf_counter() - started
    return seconds, {name: path.stat().st_size for name, path in run.html.items()}


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} s (min {min(values):.1f}, max {max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("GOVERNANCE_PSEUDONYM_KEY", "benchmark-key-0123456789abcdef")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "metrix.duckdb"
        init_database(db, SAMPLE / "register.yaml")
        load_files(db, sorted((SAMPLE / "events").glob("*.csv")))
        params = ReportParameters.validate(
            {"db_path": str(db), "period": PERIOD, "framework": "kz", "min_cell": 5}
        )
        ensure_checks(db, params.period, "kz")
        floors, empty_sets, sets, sizes = [], [], [], {}
        for index in range(args.repeats):
            floors.append(floor_seconds(folder, params))
            empty_sets.append(empty_set_seconds(db, folder, folder / f"empty{index}"))
            seconds, sizes = report_set_seconds(db, folder / f"reports{index}")
            sets.append(seconds)
            shutil.rmtree(folder / f"reports{index}", ignore_errors=True)
    print(f"floor (papermill + nbconvert, empty parameterised notebook): {_summary(floors)}")
    print(f"report set ({len(sizes)} notebooks, {os.cpu_count()} cores): {_summary(sets)}")
    print(f"same pipeline over {len(SCHEDULED)} empty notebooks: {_summary(empty_sets)}")
    one, empty = statistics.median(floors), statistics.median(empty_sets)
    median = statistics.median(sets)
    print(
        f"ratio: {median / one:.1f}x the one-notebook floor, "
        f"{median / empty:.1f}x the empty report set"
    )
    for name, size in sorted(sizes.items()):
        print(f"  {name:<26} {size / 1024:,.0f} KB")


if __name__ == "__main__":
    main()
