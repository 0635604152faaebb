"""`python -m benchmarks` at the smallest scale: a smoke test that the harness works end to end.

Speed is not asserted (benchmarks measure, tests do not time); what is asserted is that every
section ran on the real sample and produced its rows, and that the file matches what was printed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# the repository's `benchmarks` package, not this folder (pytest puts tests/ on sys.path)
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import scales  # noqa: E402
from benchmarks.harness import groups, hook_rows, loaded_database  # noqa: E402
from benchmarks.load import peak_row  # noqa: E402
from benchmarks.measure import Figure, Row, markdown_table  # noqa: E402
from benchmarks.reports import against_small  # noqa: E402

KINDS = (
    "access_grants",
    "access_log",
    "consent_events",
    "cookie_consents",
    "cookie_observations",
    "data_inventory",
    "disclosures",
    "dsr_requests",
    "employees",
    "incidents",
    "policy_acceptances",
    "processing_log",
    "subjects",
)


def test_the_harness_measures_every_section_at_the_small_scale(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--scale",
            "small",
            "--repeats",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--results",
            str(results),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    text = results.read_text(encoding="utf-8")
    assert done.stdout.strip() == text.strip()
    rows = [line for line in text.splitlines() if line.startswith("| small |")]
    measures = [row.split(" | ")[1] for row in rows]
    for kind in KINDS:
        assert f"load {kind} (validated)" in measures
        assert any(m.startswith(f"load {kind}: peak RSS (memory limit ") for m in measures), kind
    expected = (
        "consent_state at ",
        "check catalogue (24 checks",
        "check catalogue: peak memory",
        "check consent.missing: pandas baseline",
        "check catalogue at ",
        "report set (6 notebooks",
        "check catalogue on Spark",
        "published compliance_dashboard.html",
        "cookie reference: load the shipped Open Cookie Database",
        "load a HAR file (20,000 entries",
        "report set: peak memory (Pss), all its processes together",
        "report set: peak RSS of its largest process",
        "identifier guard over the set's 6 pages at 5,000 subjects",
    )
    for start in expected:
        assert any(measure.startswith(start) for measure in measures), start
    assert sum(measure.startswith("check catalogue at ") for measure in measures) == 3
    assert "cores" in text and "duckdb " in text  # the machine and versions are recorded
    for what, module in (("history growth", "history_growth"), ("Spark reports", "spark_reports")):
        if not (ROOT / "benchmarks" / f"{module}.py").exists():
            assert f"{what}: skipped (benchmarks.{module} does not exist yet)" in measures
        assert not any(m.startswith(f"{what}: failed") for m in measures), what
    # a later run limited to other groups takes the database this one loaded as it is
    work = tmp_path / "work" / "small"
    before = (work / "loaded.duckdb").stat().st_mtime_ns
    (small,) = scales(["small"], tmp_path / "work")
    assert loaded_database(small, None) == work / "loaded.duckdb"
    assert (work / "loaded.duckdb").stat().st_mtime_ns == before


def test_only_takes_known_groups() -> None:
    assert groups("load, reports") == ["load", "reports"]
    with pytest.raises(argparse.ArgumentTypeError, match="unknown group"):
        groups("load,everything")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "bogus"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "unknown group(s) bogus: choose from load, state" in done.stderr


HOOKS = """
from benchmarks.measure import Figure, Row

def measure_fine(scale, repeats):
    return [Row(scale.name, f"fine x{repeats}", Figure((1.0,)), "s")]

def measure_reusing(scale, repeats, db=None):
    return [Row(scale.name, f"reusing {db}", Figure((1.0,)), "s")]

def measure_broken(scale, repeats):
    raise ValueError("no lake")
"""


def test_a_group_written_elsewhere_is_a_row_whether_it_exists_runs_or_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p19_hooks.py").write_text(HOOKS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    (scale,) = scales(["small"], tmp_path / "work")
    (missing,) = hook_rows(scale, 2, "p19_no_such_module", "measure", "history growth")
    assert missing.measure == "history growth: skipped (p19_no_such_module does not exist yet)"
    assert missing.met is None
    (absent,) = hook_rows(scale, 2, "p19_hooks", "measure_other", "x")
    assert absent.measure.startswith("x: skipped (p19_hooks.measure_other cannot be imported")
    (fine,) = hook_rows(scale, 2, "p19_hooks", "measure_fine", "x")
    assert fine.measure == "fine x2"
    assert hook_rows(scale, 2, "p19_hooks", "measure_fine", "x", tmp_path / "db")[0] == fine
    (reusing,) = hook_rows(scale, 2, "p19_hooks", "measure_reusing", "x", tmp_path / "db")
    assert reusing.measure == f"reusing {tmp_path / 'db'}"
    (broken,) = hook_rows(scale, 2, "p19_hooks", "measure_broken", "Spark reports")
    assert broken.measure == "Spark reports: failed (ValueError: no lake)"
    assert broken.met is False
    assert "| runs (**missed**) |" in markdown_table([broken])


def test_the_issue_19_targets_are_judged_at_the_large_scale() -> None:
    def target(row: Row) -> str:
        return markdown_table([row]).splitlines()[-1].rsplit(" | ", 1)[-1].rstrip(" |")

    assert target(peak_row("large", "consent_events", Figure((2900.0,)), "2GB")) == "< 3 GB (met)"
    missed = peak_row("large", "consent_events", Figure((3100.0, 12000.0, 3000.0)), "2GB")
    assert missed.measure == "load consent_events: peak RSS (memory limit 2GB)"
    assert target(missed) == "< 3 GB (**missed**)"
    assert peak_row("small", "consent_events", Figure((9000.0,)), "2GB").met is None
    assert peak_row("large", "access_log", Figure((9000.0,)), "2GB").met is None
    within = against_small("large", Figure((30.0,)), Figure((20.0,)))
    assert (within.ratio, target(within)) == (1.5, "within 2x of small (met)")
    beyond = against_small("large", Figure((41.0,)), Figure((20.0,)))
    assert target(beyond) == "within 2x of small (**missed**)"
    alone = against_small("large", Figure((41.0,)), None)
    assert alone.met is None and "not measured" in alone.measure
