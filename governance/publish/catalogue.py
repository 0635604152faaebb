"""The scheduled report notebooks: which exist, for whom, and where they live.

The notebooks stay at the top of the repository (`notebooks/`, where analysts and reviewers
look for them) and ship inside the package as `governance.notebooks` (setup.py maps the folder
at build time), so a wheel installed anywhere finds them through importlib.resources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from governance.i18n import N_
from governance.reports.notebook import TREND_PERIODS
from governance.store import queries

__all__ = ["SCHEDULED", "TREND_PERIODS", "ReportNotebook", "notebook_folder", "scheduled"]


def notebook_folder() -> Path:
    """The folder of the shipped report notebooks."""
    return queries.directory("governance.notebooks", "")


@dataclass(frozen=True)
class ReportNotebook:
    name: str
    #: English; `_(title)` in the reader's language (governance.publish.navigation.report_title)
    title: str
    reader: str

    def path(self, notebook_dir: Path | None = None) -> Path:
        """The notebook file, in `notebook_dir` or else in the shipped notebooks."""
        return (notebook_dir or notebook_folder()) / f"{self.name}.ipynb"


SCHEDULED: tuple[ReportNotebook, ...] = (
    ReportNotebook("compliance_dashboard", N_("Privacy compliance dashboard"), "management"),
    ReportNotebook("consent_report", N_("Consent and cookies"), "DPO"),
    ReportNotebook("dsr_report", N_("Data subject requests"), "DPO"),
    ReportNotebook("retention_report", N_("Retention and deletion"), "DPO, system owners"),
    ReportNotebook("access_disclosure_report", N_("Access, disclosures and transfers"), "security"),
    ReportNotebook("ropa", N_("Record of processing activities"), "auditors"),
)


def scheduled(names: list[str] | None = None) -> tuple[ReportNotebook, ...]:
    """The scheduled notebooks, or the named subset in catalogue order."""
    if not names:
        return SCHEDULED
    known = {n.name: n for n in SCHEDULED}
    unknown = [n for n in names if n not in known]
    if unknown:
        from governance.errors import ReportError

        raise ReportError(
            f"unknown report notebook(s) {', '.join(unknown)} (known: {', '.join(known)})"
        )
    return tuple(n for n in SCHEDULED if n.name in names)
