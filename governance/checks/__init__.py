"""Compliance checks as SQL files: registry, runner, findings history."""

from governance.checks.findings import (
    check_results,
    compare_runs,
    findings,
    history,
    latest_run_id,
    latest_runs,
)
from governance.checks.registry import Check, Severity, all_checks, get_check
from governance.checks.runner import RunResult, run_checks

__all__ = [
    "Check",
    "RunResult",
    "Severity",
    "all_checks",
    "check_results",
    "compare_runs",
    "findings",
    "get_check",
    "history",
    "latest_run_id",
    "latest_runs",
    "run_checks",
]
