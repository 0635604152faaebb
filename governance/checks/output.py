"""How a check run is shown: a table for people, JSON or CSV for machines."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any

from governance.checks.findings import FindingRows
from governance.checks.runner import RunResult


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _rows(result: RunResult) -> list[dict[str, object]]:
    return [
        {
            "check_id": o.check.id,
            "severity": str(o.severity),
            "section": o.check.section,
            "status": o.status,
            "findings": o.finding_count,
            "title": o.check.title,
            "error": o.error or "",
        }
        for o in result.outcomes
    ]


def render(
    result: RunResult, fmt: OutputFormat, findings: list[dict[str, Any]] | None = None
) -> str:
    """The run's per-check outcome in `fmt`; JSON also holds the run's `findings` rows (what
    CI and schedulers act on; the run is the document's `run_id`, so that the same checks on
    another engine give the same document but for it)."""
    rows = _rows(result)
    if fmt is OutputFormat.JSON:
        return json.dumps(
            {
                "run_id": result.run_id,
                "period": result.period.label,
                "framework": result.framework,
                "checks": rows,
                "findings": [
                    {k: v for k, v in _finding(row).items() if k != "run_id"}
                    for row in findings or []
                ],
            },
            indent=2,
            default=str,
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


def _finding(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "run_id": int(row["run_id"]),
        "check_id": row["check_id"],
        "severity": row["severity"],
        "finding_key": row["finding_key"],
        "details": row["details"],
    }


#: the finding columns of `governance findings --format csv`; the check's own columns are in
#: `details` (JSON), since every check has its own
FINDING_COLUMNS = ("run_id", "period", "check_id", "severity", "finding_key", "details")


def render_findings(found: FindingRows, fmt: OutputFormat) -> str:
    """The finding rows in `fmt`: JSON and CSV one record per finding, the table grouped by
    check with the check's own columns (the details' fields) as columns."""
    if fmt is OutputFormat.JSON:
        return json.dumps(
            {
                "period": found.period,
                "framework": found.framework,
                "runs": found.runs,
                "checks": [
                    {k: r[k] for k in ("check_id", "run_id", "severity", "status")}
                    | {"findings": int(r["finding_count"]), "error": r["error_message"] or ""}
                    for r in found.results
                ],
                "findings": [_finding(row) for row in found.rows],
            },
            indent=2,
            default=str,
        )
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FINDING_COLUMNS)
        writer.writeheader()
        for row in found.rows:
            writer.writerow(
                _finding(row)
                | {"period": found.period, "details": json.dumps(row["details"], default=str)}
            )
        return buffer.getvalue().rstrip("\n")
    return _findings_table(found)


def _findings_table(found: FindingRows) -> str:
    source = (
        f"run {found.run_id}"
        if found.run_id is not None
        else (
            "latest result per check, run(s) " + ", ".join(map(str, found.runs))
            if found.runs
            else "no results"
        )
    )
    lines = [f"findings: period {found.period}, framework {found.framework} ({source})"]
    by_check: dict[str, list[dict[str, Any]]] = {}
    for row in found.rows:
        by_check.setdefault(row["check_id"], []).append(row)
    for check_id, rows in by_check.items():
        first = rows[0]
        lines.append("")
        lines.append(
            f"{check_id} ({first['severity']}, run {first['run_id']}): {len(rows)} finding(s)"
            f" - {first['title']}"
        )
        lines.extend(_columns(rows))
    errored = [r for r in found.results if r["status"] == "errored"]
    for result in errored:
        lines.append(
            f"{result['check_id']}: errored in run {result['run_id']}: {result['error_message']}"
        )
    lines.append("")
    lines.append(
        f"{len(found.rows)} finding(s) of {len(by_check)} check(s); "
        f"{len(found.results)} check result(s) read, {len(errored)} errored"
    )
    return "\n".join(lines)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    """The rows of one check as an aligned table: the key, then the check's own columns."""
    names = ["finding_key"]
    for row in rows:
        names.extend(n for n in row["details"] if n not in names)
    cells = [
        [row["finding_key"], *(_cell(row["details"].get(n)) for n in names[1:])] for row in rows
    ]
    widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
    line = "  " + "  ".join(f"{n:<{w}}" for n, w in zip(names, widths, strict=True))
    table = [line.rstrip()]
    for c in cells:
        table.append(
            ("  " + "  ".join(f"{v:<{w}}" for v, w in zip(c, widths, strict=True))).rstrip()
        )
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return str(value)
