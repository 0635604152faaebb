"""`governance demo`: the sample company end to end, as the README's first command runs it.

Register -> database -> sample events -> record of processing activities ->
checks and the report set of one period, published under `out/reports/`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from governance.policy import build_document, render_policy
from governance.reports.runner import build_reports
from governance.ropa import RopaFormat, write_ropa
from governance.store.connection import connect
from governance.store.ingest import load_files
from governance.store.initialise import init_database
from governance.store.ledger import PSEUDONYM_KEY_ENV

#: The sample company's pseudonym key. Real data needs its own secret in the environment.
DEMO_PSEUDONYM_KEY = "metrix-sample-company-demo-key"
DEMO_PERIOD = "2026-10"


def run_demo(
    sample_dir: Path,
    out_dir: Path,
    *,
    period: str = DEMO_PERIOD,
    echo: Callable[[str], None] = print,
) -> dict[str, Path]:
    """Build `out_dir/metrix.duckdb` from the sample company and publish its reports.

    The database is rebuilt from scratch each time, so the demo always shows
    the committed sample. Returns the outputs by label, dashboard first.
    """
    if not os.environ.get(PSEUDONYM_KEY_ENV):
        os.environ[PSEUDONYM_KEY_ENV] = DEMO_PSEUDONYM_KEY
        echo(f"using the sample company's demo pseudonym key ({PSEUDONYM_KEY_ENV} is not set)")
    db_path = out_dir / "metrix.duckdb"
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        stale.unlink(missing_ok=True)
    reports_dir = out_dir / "reports"
    echo(f"building {db_path} from {sample_dir / 'register.yaml'}")
    init_database(db_path, sample_dir / "register.yaml")
    events = sorted((sample_dir / "events").glob("*.csv"))
    results = load_files(db_path, events)
    loaded = sum(r.counts.loaded for r in results)
    echo(f"loaded {loaded:,} event rows from {len(events)} files")
    outputs: dict[str, Path] = {}
    con = connect(db_path, read_only=True)
    try:
        for fmt in RopaFormat:
            path, count = write_ropa(con, out_dir / f"ropa.{fmt.value}", fmt)
            outputs[f"RoPA {fmt.value}"] = path
        echo(f"record of processing activities: {count} activities")
        policy = out_dir / "privacy_policy.html"
        policy.write_text(render_policy(build_document(con), "html"), encoding="utf-8")
        outputs["privacy policy"] = policy
    finally:
        con.close()
    echo(f"running the checks and the reports for {period} (this takes a minute)")
    if (reports_dir / period).is_symlink():
        shutil.rmtree(reports_dir / period, ignore_errors=True)
    run = build_reports(db_path, period, reports_dir, echo=echo)
    return {
        "dashboard": run.folder / "compliance_dashboard.html",
        "reports": run.index,
        "database": db_path,
        **outputs,
    }
