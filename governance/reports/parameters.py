"""The notebook parameters contract: `db_path`, `period`, `framework`, `min_cell`, `lang`.

papermill only warns about a parameter the notebook does not declare, so the
suite checks before it runs anything: an unknown or malformed parameter is a
`ReportError` naming it (with the contract name it is closest to), and no notebook
starts. A notebook run by plain papermill (`papermill NB OUT -p perod 2026-09`) is
held to the same contract inside the kernel: papermill's `injected-parameters` cell
assigns every name it was given, so `open_report`, called from the notebook, finds
the misspelt name in the notebook's namespace (`namespace_parameters`) and stops
instead of reporting the default period.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.errors import ReportError
from governance.frameworks.pack import AVAILABLE
from governance.i18n import LANGUAGES
from governance.period import Period, PeriodError

CONTRACT = ("db_path", "period", "framework", "min_cell", "lang")

#: the values papermill can inject (`-p`, `-y`, `-f`): what a parameter in a namespace can be
_PARAMETER_TYPES = (str, int, float, bool, type(None), list, dict)


def unknown_parameters_error(unknown: Iterable[str]) -> ReportError:
    """`unknown notebook parameter 'perod' (did you mean 'period'?)`, naming the contract."""
    named = []
    for name in sorted(unknown):
        close = difflib.get_close_matches(name, CONTRACT, n=1, cutoff=0.6)
        named.append(f"'{name}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    noun = "parameter" if len(named) == 1 else "parameters"
    return ReportError(
        f"unknown notebook {noun} {', '.join(named)}: the parameters are {', '.join(CONTRACT)}"
    )


def namespace_parameters(namespace: Mapping[str, Any], hidden: Iterable[str] = ()) -> set[str]:
    """The names of `namespace` that can only be parameters: what a notebook's parameters cell
    and papermill's injected cell assign. Left out: underscore names, `hidden` (IPython's own:
    In, Out, exit...), modules, classes, functions, and values papermill cannot inject (a
    report opened by an earlier run of the cell, a data frame of the analyst's own)."""
    hidden = set(hidden)
    return {
        name
        for name, value in namespace.items()
        if not name.startswith("_")
        and name not in hidden
        and not isinstance(value, types.ModuleType | type)
        and not inspect.isroutine(value)
        and isinstance(value, _PARAMETER_TYPES)
    }


def check_namespace(namespace: Mapping[str, Any], hidden: Iterable[str] = ()) -> None:
    """Refuse a notebook namespace holding a parameter outside the contract (a misspelt `-p`)."""
    unknown = namespace_parameters(namespace, hidden) - set(CONTRACT)
    if unknown:
        raise unknown_parameters_error(unknown)


@dataclass(frozen=True)
class ReportParameters:
    """Validated parameters; `as_papermill()` gives what papermill injects."""

    db_path: Path
    period: Period
    framework: str
    min_cell: int
    #: the language every word of the report is in (governance.i18n)
    lang: str = "en"

    @classmethod
    def validate(cls, raw: dict[str, Any], *, must_exist: bool = True) -> ReportParameters:
        unknown = set(raw) - set(CONTRACT)
        if unknown:
            raise unknown_parameters_error(unknown)
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
        lang = str(raw["lang"])
        if lang not in LANGUAGES:
            raise ReportError(f"parameter lang '{lang}' is not one of {', '.join(LANGUAGES)}")
        return cls(db_path, period, framework, min_cell, lang)

    def as_papermill(self) -> dict[str, Any]:
        return {
            "db_path": str(self.db_path),
            "period": self.period.label,
            "framework": self.framework,
            "min_cell": self.min_cell,
            "lang": self.lang,
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
