"""Framework packs: per check the articles, and every threshold a check uses, as data.

A number lives in one place: the pack. Check SQL reads thresholds from the
`framework_thresholds` and `dsr_deadlines` tables that the runner fills from
the pack, never from a literal.
"""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, Field

from governance.errors import CheckError
from governance.store import queries

AVAILABLE = ("kz", "gdpr")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(_Strict):
    value: float | None
    article: str
    confirmed: bool
    note: str | None = None


class DsrDeadline(_Strict):
    working_days: int | None = None
    months: int | None = None
    extension_months: int = 0
    article: str
    confirmed: bool
    note: str | None = None


class CheckMapping(_Strict):
    articles: str
    enabled: bool = True


class FrameworkPack(_Strict):
    id: str
    name: str
    jurisdiction: str | None
    timezone: str
    thresholds: dict[str, Threshold]
    dsr_deadlines: dict[str, DsrDeadline]
    checks: dict[str, CheckMapping] = Field(default_factory=dict)

    def threshold(self, name: str) -> float | None:
        """The value of a threshold; an unknown name is a programming error in a check."""
        try:
            return self.thresholds[name].value
        except KeyError:
            raise CheckError(f"framework '{self.id}' has no threshold '{name}'") from None

    def enabled(self, check_id: str) -> bool:
        mapping = self.checks.get(check_id)
        return mapping.enabled if mapping else True

    def articles(self, check_id: str) -> str:
        mapping = self.checks.get(check_id)
        return mapping.articles if mapping else ""


@cache
def load_pack(framework: str) -> FrameworkPack:
    """The pack shipped as `governance/frameworks/<framework>.yaml`."""
    if framework not in AVAILABLE:
        raise CheckError(f"unknown framework '{framework}' (choose {' or '.join(AVAILABLE)})")
    text = queries.text("governance.frameworks", f"{framework}.yaml")
    return FrameworkPack.model_validate(yaml.safe_load(text))
