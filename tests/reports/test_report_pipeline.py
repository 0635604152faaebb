"""`build_reports`: parameters, execution, failure handling, privacy guard, atomic publishing, lock.

These use tiny notebooks written by the test into a notebook folder of its own, so they pin
the pipeline's behaviour independently of the real report notebooks.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from governance.checks import run_checks
from governance.errors import ReportError
from governance.publish.archive import Archive
from governance.publish.runner import build_reports
from governance.reports.parameters import ReportParameters, declared_parameters

PARAMETERS = 'db_path = "x.duckdb"\nperiod = "2026-10"\nframework = "kz"\nmin_cell = 5\n'


def _notebook(folder: Path, name: str, body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {
        "name": "governance",
        "display_name": "Python (governance)",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def checked_db(minimal_db: Path) -> Path:
    run_checks(minimal_db, "2026-10")
    return minimal_db


def test_a_notebook_is_executed_exported_and_published(checked_db: Path, tmp_path: Path) -> None:
    notebooks = tmp_path / "nbs"
    _notebook(notebooks, "compliance_dashboard", "print(f'period {period}, min cell {min_cell}')")
    out = tmp_path / "reports"
    run = build_reports(
        checked_db,
        "2026-10",
        out,
        notebooks=["compliance_dashboard"],
        notebook_dir=notebooks,
        min_cell=7,
    )
    html = (out / "2026-10" / "compliance_dashboard.html").read_text()
    assert "period 2026-10, min cell 7" in html
    assert (out / "2026-10").is_symlink()
    assert run.index == out / "index.html"
    index = run.index.read_text()
    assert 'href="2026-10/compliance_dashboard.html"' in index
    assert (out / "2026-10" / "compliance_dashboard.ipynb").exists()
    assert "<script" not in html
    # published pages are for management (governance/publish/archive.py); the rest is not
    modes = {p.name: p.stat().st_mode & 0o777 for p in (out / "2026-10").iterdir()}
    assert modes == {
        "compliance_dashboard.html": 0o644,
        "compliance_dashboard.ipynb": 0o600,
        "compliance_dashboard.log": 0o600,
    }
    assert (out / "index.html").stat().st_mode & 0o777 == 0o644


def test_republishing_swaps_the_period_and_removes_the_old_build(
    checked_db: Path, tmp_path: Path
) -> None:
    notebooks = tmp_path / "nbs"
    _notebook(notebooks, "compliance_dashboard", "print('first')")
    out = tmp_path / "reports"
    build_reports(
        checked_db, "2026-10", out, notebooks=["compliance_dashboard"], notebook_dir=notebooks
    )
    first_build = (out / "2026-10").resolve()
    _notebook(notebooks, "compliance_dashboard", "print('second')")
    build_reports(
        checked_db, "2026-10", out, notebooks=["compliance_dashboard"], notebook_dir=notebooks
    )
    assert "second" in (out / "2026-10" / "compliance_dashboard.html").read_text()
    assert not first_build.exists()
    assert Archive(out).published_periods() == ["2026-10"]


def test_the_checks_of_the_trend_periods_are_run_when_missing(
    minimal_db: Path, tmp_path: Path
) -> None:
    notebooks = tmp_path / "nbs"
    _notebook(notebooks, "ropa", "print('ok')")
    build_reports(minimal_db, "2026-10", tmp_path / "r", notebooks=["ropa"], notebook_dir=notebooks)
    from governance.checks import latest_runs
    from governance.store import connect

    periods = list(latest_runs(connect(minimal_db, read_only=True))["period"])
    assert periods == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]


def test_a_failing_notebook_publishes_nothing_and_names_the_cell(
    checked_db: Path, tmp_path: Path
) -> None:
    notebooks = tmp_path / "nbs"
    _notebook(notebooks, "compliance_dashboard", "print('fine')")
    _notebook(notebooks, "dsr_report", "raise ValueError('the dsr data is broken')")
    out = tmp_path / "reports"
    with pytest.raises(ReportError) as caught:
        build_reports(
            checked_db,
            "2026-10",
            out,
            notebooks=["compliance_dashboard", "dsr_report"],
            notebook_dir=notebooks,
        )
    message = str(caught.value)
    assert "dsr_report.ipynb: cell" in message and "ValueError: the dsr data is broken" in message
    assert not (out / "2026-10").exists()
    kept = list((out / ".failed").glob("2026-10-*/dsr_report.ipynb"))
    assert len(kept) == 1
    # a failing cell's output can show anything: the kept build is the operator's alone
    assert (out / ".failed").stat().st_mode & 0o777 == 0o700
    assert kept[0].parent.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in kept[0].parent.iterdir()} == {0o600}


def test_html_showing_a_personal_identifier_is_not_published(
    checked_db: Path, tmp_path: Path
) -> None:
    from governance.store import connect

    con = connect(checked_db)
    con.execute(
        "INSERT INTO subjects (subject_id, subject_type, country, created_at, email, load_id, "
        "source_line) VALUES ('S-424242', 'customer', 'KZ', now(), 'leak.me@example.kz', 0, 2)"
    )
    con.close()
    notebooks = tmp_path / "nbs"
    _notebook(notebooks, "compliance_dashboard", "print('contact: leak.me@example.kz')")
    with pytest.raises(ReportError, match="personal identifier"):
        build_reports(
            checked_db,
            "2026-10",
            tmp_path / "reports",
            notebooks=["compliance_dashboard"],
            notebook_dir=notebooks,
        )
    assert not (tmp_path / "reports" / "2026-10").exists()


def test_a_second_run_at_once_stops_with_a_clear_message(checked_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from governance.publish.archive import Archive
            with Archive({str(out)!r}).locked():
                print("holding", flush=True)
                time.sleep(30)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(ReportError, match="another report run holds the archive"):
            build_reports(checked_db, "2026-10", out, notebooks=["ropa"])
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"colour": "red"}, "unknown notebook parameter 'colour'"),
        ({"period": "2026-13"}, "parameter period"),
        ({"framework": "ccpa"}, "parameter framework 'ccpa'"),
        ({"min_cell": 0}, "min_cell must be a whole number >= 1"),
        ({"min_cell": "5"}, "min_cell must be a whole number >= 1"),
    ],
)
def test_unknown_or_malformed_parameters_stop_before_anything_runs(
    checked_db: Path, raw: dict, message: str
) -> None:
    params = {
        "db_path": str(checked_db),
        "period": "2026-10",
        "framework": "kz",
        "min_cell": 5,
        "lang": "en",
    }
    params.update(raw)
    with pytest.raises(ReportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ReportParameters.validate(params)


def test_every_shipped_notebook_declares_exactly_the_contract_parameters() -> None:
    from governance.publish.catalogue import SCHEDULED

    for notebook in SCHEDULED:
        if notebook.path().exists():
            assert set(declared_parameters(notebook.path())) == {
                "db_path",
                "period",
                "framework",
                "min_cell",
                "lang",
            }


def test_catch_up_reports_every_period_since_the_last_one_published(
    sample_events_db: Path, tmp_path: Path
) -> None:
    import shutil

    from conftest import run_cli

    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    out = tmp_path / "reports"
    first = run_cli("report", db, "--period", "2026-08", "--out", out, "--notebook", "ropa")
    assert first.returncode == 0, first.stderr
    again = run_cli(
        "report", db, "--period", "2026-10", "--catch-up", "--out", out, "--notebook", "ropa"
    )
    assert again.returncode == 0, again.stderr
    assert "report 2026-09:" in again.stdout and "report 2026-10:" in again.stdout
    assert "report 2026-08:" not in again.stdout
    assert Archive(out).published_periods() == ["2026-08", "2026-09", "2026-10"]


def test_a_kept_kernel_runs_each_notebook_in_a_fresh_namespace(
    checked_db: Path, tmp_path: Path
) -> None:
    """KernelSession: one kernel, reset between notebooks, replaced after a failure."""
    from governance.publish.execute import KernelSession

    notebooks = tmp_path / "nbs"
    first = _notebook(notebooks, "first", "import os\nleft_over = os.getpid()\nprint(left_over)")
    second = _notebook(notebooks, "second", "print('left_over' in dir(), os.getpid())")
    failing = _notebook(notebooks, "failing", "raise RuntimeError('broken report')")
    params = ReportParameters.validate(
        {"db_path": str(checked_db), "period": "2026-10", "framework": "kz", "min_cell": 5}
        | {"lang": "en"}
    )

    def printed(path: Path) -> str:
        cell = nbformat.read(path, as_version=4).cells[-1]
        return "".join(output.get("text", "") for output in cell.outputs)

    session = KernelSession()
    try:
        session.run(first, tmp_path / "first.out.ipynb", params)
        pid = printed(tmp_path / "first.out.ipynb").strip()
        with pytest.raises(ReportError, match="NameError"):  # `os` went with the reset
            session.run(second, tmp_path / "second.out.ipynb", params)
        session.run(first, tmp_path / "again.out.ipynb", params)
        new_pid = printed(tmp_path / "again.out.ipynb").strip()
        assert new_pid != pid  # the failure closed the kernel: a new one ran this notebook
        session.run(first, tmp_path / "kept.out.ipynb", params)
        assert printed(tmp_path / "kept.out.ipynb").strip() == new_pid  # kept after success
        counts = [
            cell.execution_count
            for cell in nbformat.read(tmp_path / "kept.out.ipynb", as_version=4).cells
            if cell.cell_type == "code"
        ]
        assert counts == list(range(1, len(counts) + 1))
        with pytest.raises(ReportError, match="broken report"):
            session.run(failing, tmp_path / "failing.out.ipynb", params)
    finally:
        session.close()


def test_a_report_after_a_partial_check_run_reads_each_checks_latest_result(
    minimal_db: Path, tmp_path: Path
) -> None:
    """`governance check --check ONE_ID` then `governance report` (issue 14, point 10): the
    report runs what the period lacks, reads every check's latest result, and names the runs."""
    import duckdb

    from governance.scope import checked

    only = run_checks(minimal_db, "2026-10", check_ids=["governance.no_contact"])
    run = build_reports(minimal_db, "2026-10", tmp_path / "r", notebooks=["compliance_dashboard"])
    html = run.html["compliance_dashboard"].read_text(encoding="utf-8")
    con = duckdb.connect(str(minimal_db), read_only=True)
    try:
        from governance.period import Period

        assert len(checked(con, Period.parse("2026-10"), "kz")) == 24  # every check of kz
        runs = con.execute(
            "SELECT run_id FROM check_runs WHERE period = '2026-10' ORDER BY run_id"
        ).fetchall()
    finally:
        con.close()
    assert len(runs) == 2 and runs[0][0] == only.run_id  # the report ran only what was missing
    rest = runs[1][0]
    assert f"check run {only.run_id} (governance.no_contact" in html
    assert f"check run {rest} (" in html
    # a later re-run of one check is read for that check, the earlier run for the others
    again = run_checks(minimal_db, "2026-10", check_ids=["access.stale_grant"])
    run = build_reports(minimal_db, "2026-10", tmp_path / "r", notebooks=["compliance_dashboard"])
    html = run.html["compliance_dashboard"].read_text(encoding="utf-8")
    assert f"check run {again.run_id} (access.stale_grant" in html


def test_a_misspelt_parameter_names_the_contract_name_it_resembles() -> None:
    from governance.reports.parameters import check_namespace

    namespace = {
        "db_path": "x",
        "period": "2026-10",
        "framework": "kz",
        "min_cell": 5,
        "lang": "en",
    }
    check_namespace({**namespace, "_": 1, "pytest": pytest, "Path": Path, "_i1": "x"})
    with pytest.raises(ReportError, match=r"unknown notebook parameter 'perod' \(did you mean"):
        check_namespace({**namespace, "perod": "2026-09"})
    with pytest.raises(ReportError, match="'colour': the parameters are db_path"):
        check_namespace({**namespace, "colour": "red", "In": []}, hidden={"In"})


def test_plain_papermill_refuses_a_parameter_the_notebook_does_not_declare(
    checked_db: Path, tmp_path: Path
) -> None:
    """`papermill ropa.ipynb OUT -p perod 2026-09` fails naming `perod`, not a default period."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from governance.publish.catalogue import SCHEDULED

    ropa = next(nb for nb in SCHEDULED if nb.name == "ropa").path()
    with pytest.raises(PapermillExecutionError) as failed:
        papermill.execute_notebook(
            str(ropa),
            str(tmp_path / "ropa.ipynb"),
            parameters={"db_path": str(checked_db), "perod": "2026-09"},
            kernel_name="governance",
            progress_bar=False,
            cwd=str(tmp_path),
        )
    assert failed.value.ename == "ReportError"
    assert "unknown notebook parameter 'perod' (did you mean 'period'?)" in str(failed.value)


def test_a_successful_report_writes_nothing_to_stderr(checked_db: Path, tmp_path: Path) -> None:
    """Kernels talk over IPC: no ipykernel warning about TCP, nothing else either."""
    from conftest import run_cli

    out = tmp_path / "reports"
    done = run_cli("report", checked_db, "--period", "2026-10", "--out", out, "--notebook", "ropa")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (out / "2026-10" / "ropa.html").is_file()
