"""The notebook parameters contract: `db_path`, `period`, `framework`, `min_cell`.

papermill only warns about a parameter the notebook does not declare, so the
suite checks before it runs anything: an unknown or malformed parameter is a
`ReportError` naming it, and no notebook starts.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.errors import ReportError
from governance.frameworks.pack import AVAILABLE
from governance.period import Period, PeriodError

CONTRACT = ("db_path", "period", "framework", "min_cell")


@dataclass(frozen=True)
class ReportParameters:
    """Validated parameters; `as_papermill()` gives what papermill injects."""

    db_path: Path
    period: Period
    framework: str
    min_cell: int

    @classmethod
    def validate(cls, raw: dict[str, Any], *, must_exist: bool = True) -> ReportParameters:
        unknown = sorted(set(raw) - set(CONTRACT))
        if unknown:
            raise ReportError(
                f"unknown notebook parameter(s) {', '.join(unknown)} "
                f"(the parameters are {', '.join(CONTRACT)})"
            )
        missing = [name for name in CONTRACT if name not in raw]
        if missing:
            raise ReportError(f"missing notebook parameter(s) {', '.join(missing)}")
        db_path = Path(str(raw["db_path"]))
        if must_exist and not db_path.is_file():
            raise ReportError(f"db_path '{db_path}': no database file there")
        try:
            raw_period = raw["period"]
            period = Period.of(raw_period if isinstance(raw_period, Period) else str(raw_period))
        except PeriodError as exc:
            raise ReportError(f"parameter period: {exc}") from None
        framework = str(raw["framework"])
        if framework not in AVAILABLE:
            raise ReportError(
                f"parameter framework '{framework}' is not one of {', '.join(AVAILABLE)}"
            )
        min_cell = raw["min_cell"]
        if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 1:
            raise ReportError(f"parameter min_cell must be a whole number >= 1, not {min_cell!r}")
        return cls(db_path, period, framework, min_cell)

    def as_papermill(self) -> dict[str, Any]:
        return {
            "db_path": str(self.db_path),
            "period": self.period.label,
            "framework": self.framework,
            "min_cell": self.min_cell,
        }


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """Names and default values of the notebook's one cell tagged `parameters`."""
    # imported here: nbformat pulls in jsonschema's format checkers (over a second of import
    # time), and every report kernel imports this module through open_report
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ReportError(
            f"{notebook.name}: needs exactly one cell tagged 'parameters', has {len(cells)}"
        )
    declared: dict[str, Any] = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                declared[target.id] = ast.literal_eval(node.value)
    if set(declared) != set(CONTRACT):
        raise ReportError(
            f"{notebook.name}: its parameters cell declares {', '.join(sorted(declared))}; "
            f"the contract is {', '.join(CONTRACT)}"
        )
    return declared
