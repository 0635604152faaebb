"""The scheduled report notebooks: which exist, for whom, and where they live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"

#: how many periods (of the report's kind) the trend charts look back, the report's own included;
#: `governance report` runs the checks of exactly these periods
TREND_PERIODS = 6


@dataclass(frozen=True)
class ReportNotebook:
    name: str
    title: str
    reader: str

    def path(self, notebook_dir: Path = NOTEBOOK_DIR) -> Path:
        return notebook_dir / f"{self.name}.ipynb"


SCHEDULED: tuple[ReportNotebook, ...] = (
    ReportNotebook("compliance_dashboard", "Privacy compliance dashboard", "management"),
    ReportNotebook("consent_report", "Consent and cookies", "DPO"),
    ReportNotebook("dsr_report", "Data subject requests", "DPO"),
    ReportNotebook("retention_report", "Retention and deletion", "DPO, system owners"),
    ReportNotebook("access_disclosure_report", "Access, disclosures and transfers", "security"),
    ReportNotebook("ropa", "Record of processing activities", "auditors"),
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
