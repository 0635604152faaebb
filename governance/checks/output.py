"""How a check run is shown: a table for people, JSON or CSV for machines."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum

from governance.checks.runner import RunResult


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _rows(result: RunResult) -> list[dict[str, object]]:
    return [
        {
            "check_id": o.check.id,
            "severity": str(o.check.severity),
            "section": o.check.section,
            "status": o.status,
            "findings": o.finding_count,
            "title": o.check.title,
            "error": o.error or "",
        }
        for o in result.outcomes
    ]


def render(result: RunResult, fmt: OutputFormat) -> str:
    """The run's per-check outcome in `fmt`."""
    rows = _rows(result)
    if fmt is OutputFormat.JSON:
        return json.dumps(
            {
                "run_id": result.run_id,
                "period": result.period.label,
                "framework": result.framework,
                "checks": rows,
            },
            indent=2,
        )
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["check_id"])
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    return _table(result, rows)


def _table(result: RunResult, rows: list[dict[str, object]]) -> str:
    lines = [
        f"run {result.run_id}: period {result.period.label}, framework {result.framework}",
        f"{'check':<32} {'severity':<9} {'sec':>3} {'status':<8} {'findings':>8}",
    ]
    for row in rows:
        lines.append(
            f"{row['check_id']:<32} {row['severity']:<9} {row['section']:>3} "
            f"{row['status']:<8} {row['findings']:>8}"
        )
        if row["error"]:
            lines.append(f"    error: {row['error']}")
    failed = sum(1 for r in rows if r["status"] == "failed")
    errored = sum(1 for r in rows if r["status"] == "errored")
    total = sum(int(r["findings"]) for r in rows)
    lines.append(
        f"{len(rows)} checks: {len(rows) - failed - errored} passed, {failed} with findings "
        f"({total} findings), {errored} errored"
    )
    return "\n".join(lines)
