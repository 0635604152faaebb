"""`python -m benchmarks` at the smallest scale: a smoke test that the harness works end to end.

Speed is not asserted (benchmarks measure, tests do not time); what is asserted is that every
section ran on the real sample and produced its rows, and that the file matches what was printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
    )
    for start in expected:
        assert any(measure.startswith(start) for measure in measures), start
    assert sum(measure.startswith("check catalogue at ") for measure in measures) == 3
    assert "cores" in text and "duckdb " in text  # the machine and versions are recorded
