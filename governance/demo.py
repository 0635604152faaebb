"""`governance demo`: the sample company end to end, as the README's first command runs it.

Register -> database -> sample events -> record of processing activities ->
checks and the report set of one period, published under `out/reports/`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from governance.i18n import use_language
from governance.policy import build_document, render_policy
from governance.publish.runner import build_reports
from governance.ropa import RopaFormat, write_ropa
from governance.samples import DEFAULT_SEED, SAMPLE_REGISTER, generate
from governance.store.connection import connect
from governance.store.ingest import load_files
from governance.store.initialise import init_database
from governance.store.ledger import PSEUDONYM_KEY_ENV

#: The sample company's pseudonym key. Real data needs its own secret in the environment.
DEMO_PSEUDONYM_KEY = "metrix-sample-company-demo-key"
DEMO_PERIOD = "2026-10"


def sample_events(sample_dir: Path | None, out_dir: Path, echo: Callable[[str], None]) -> Path:
    """The folder of the sample company's event files: `sample_dir/events`, or, for the
    shipped sample, the generator's output under `out_dir/events` (the same bytes as the
    repository's data_samples/metrix/events: same register, same seed)."""
    if sample_dir is not None:
        return sample_dir / "events"
    events = out_dir / "events"
    echo(f"generating the sample company's event files into {events}")
    generate(events, scale="small", seed=DEFAULT_SEED, register=SAMPLE_REGISTER)
    return events


def run_demo(
    sample_dir: Path | None,
    out_dir: Path,
    *,
    period: str = DEMO_PERIOD,
    echo: Callable[[str], None] = print,
) -> dict[str, Path]:
    """Build `out_dir/metrix.duckdb` from the sample company and publish its reports.

    `sample_dir`: a folder with `register.yaml` and `events/`; None for the shipped sample
    company, whose events are generated. The database is rebuilt from scratch each time, so
    the demo always shows the sample as shipped. Returns the outputs by label, dashboard first.
    """
    if not os.environ.get(PSEUDONYM_KEY_ENV):
        os.environ[PSEUDONYM_KEY_ENV] = DEMO_PSEUDONYM_KEY
        echo(f"using the sample company's demo pseudonym key ({PSEUDONYM_KEY_ENV} is not set)")
    db_path = out_dir / "metrix.duckdb"
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        stale.unlink(missing_ok=True)
    reports_dir = out_dir / "reports"
    register = SAMPLE_REGISTER if sample_dir is None else sample_dir / "register.yaml"
    echo(f"building {db_path} from {register}")
    init_database(db_path, register)
    events = sorted(sample_events(sample_dir, out_dir, echo).glob("*.csv"))
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
        for lang in ("ru", "kk"):  # the public policy in the state and the official language
            with use_language(lang):
                text = render_policy(build_document(con), "html", lang)
            translated = out_dir / f"privacy_policy.{lang}.html"
            translated.write_text(text, encoding="utf-8")
            outputs[f"privacy policy ({lang})"] = translated
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
