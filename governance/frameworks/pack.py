"""Framework packs: per check the articles, and every threshold a check uses, as data.

A number lives in one place: the pack. Check SQL reads thresholds from the
`framework_thresholds` and `dsr_deadlines` tables that the scope fills from
the pack, never from a literal. Where the law changed, a figure has versions
with `from` / `until` dates, and a rule applies to events of its own time: the
tables carry every version with the instant it starts and stops applying.
"""

from __future__ import annotations

import datetime as dt
import itertools
from functools import cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from governance.errors import CheckError
from governance.frameworks.calendar import CalendarOverride
from governance.store import queries

AVAILABLE = ("kz", "gdpr")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Dated(_Strict):
    """A figure that applies to events of its own time: from `from` (inclusive) until `until`
    (exclusive), local dates in the pack's time zone; open at either end when missing."""

    valid_from: dt.date | None = Field(default=None, alias="from")
    valid_until: dt.date | None = Field(default=None, alias="until")

    def in_force(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day < self.valid_until
        )


class Threshold(_Dated):
    value: float | None
    article: str
    confirmed: bool
    note: str | None = None


class DsrDeadline(_Dated):
    """A request type's deadline: working days, or months (GDPR), or neither when the law
    fixes none (the request is then not judged late; reports say so)."""

    working_days: int | None = None
    months: int | None = None
    extension_months: int = 0
    article: str
    confirmed: bool
    note: str | None = None


class CheckMapping(_Strict):
    articles: str
    enabled: bool = True
    #: where no article requires what the check holds the company to, the company's own promise
    #: it enforces instead (the policy's clause): reports show it as such, never as law
    promise: str | None = None


Versions = tuple[Threshold, ...]


def _as_versions(value: Any) -> Any:
    """A figure written once (a mapping) or as its versions over time (a list)."""
    if isinstance(value, dict):
        return {name: e if isinstance(e, list) else [e] for name, e in value.items()}
    return value


def _check_versions(kind: str, versions: dict[str, tuple[_Dated, ...]]) -> None:
    for name, entries in versions.items():
        ordered = sorted(entries, key=lambda e: e.valid_from or dt.date.min)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.valid_until is None or (
                later.valid_from is not None and later.valid_from < earlier.valid_until
            ):
                raise ValueError(
                    f"{kind}.{name}: versions overlap (one from {later.valid_from} while "
                    f"another runs until {earlier.valid_until or 'open end'})"
                )


class FrameworkPack(_Strict):
    id: str
    name: str
    jurisdiction: str | None
    timezone: str
    threshold_versions: dict[str, tuple[Threshold, ...]] = Field(alias="thresholds")
    dsr_deadline_versions: dict[str, tuple[DsrDeadline, ...]] = Field(alias="dsr_deadlines")
    calendar_overrides: tuple[CalendarOverride, ...] = ()
    checks: dict[str, CheckMapping] = Field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @field_validator("threshold_versions", "dsr_deadline_versions", mode="before")
    @classmethod
    def _versions(cls, value: Any) -> Any:
        return _as_versions(value)

    @model_validator(mode="after")
    def _no_overlap(self) -> FrameworkPack:
        _check_versions("thresholds", self.threshold_versions)
        _check_versions("dsr_deadlines", self.dsr_deadline_versions)
        return self

    def today(self) -> dt.date:
        """Today in the pack's time zone: the day whose figures `thresholds` shows."""
        return dt.datetime.now(ZoneInfo(self.timezone)).date()

    @property
    def thresholds(self) -> dict[str, Threshold]:
        """The version of each threshold in force today (or its latest version)."""
        return {n: _current(v, self.today()) for n, v in self.threshold_versions.items()}

    @property
    def dsr_deadlines(self) -> dict[str, DsrDeadline]:
        """The version of each request type's deadline in force today (or its latest)."""
        return {n: _current(v, self.today()) for n, v in self.dsr_deadline_versions.items()}

    def threshold(self, name: str, day: dt.date | None = None) -> float | None:
        """A threshold's value in force on `day` (default today); None when no version
        applies then. An unknown name is a programming error in a check."""
        try:
            versions = self.threshold_versions[name]
        except KeyError:
            raise CheckError(f"framework '{self.id}' has no threshold '{name}'") from None
        chosen = [v for v in versions if v.in_force(day or self.today())]
        return chosen[0].value if chosen else None

    def deadline(self, request_type: str, day: dt.date | None = None) -> DsrDeadline | None:
        """The deadline of `request_type` in force on `day` (default today), or None."""
        versions = self.dsr_deadline_versions.get(request_type, ())
        chosen = [v for v in versions if v.in_force(day or self.today())]
        return chosen[0] if chosen else None

    def enabled(self, check_id: str) -> bool:
        mapping = self.checks.get(check_id)
        return mapping.enabled if mapping else True

    def articles(self, check_id: str) -> str:
        mapping = self.checks.get(check_id)
        if mapping is None:
            return ""
        if mapping.promise:
            own = f"company promise, no legal requirement: {mapping.promise}"
            return f"{mapping.articles}; {own}" if mapping.articles else own
        return mapping.articles

    def local_midnight(self, day: dt.date | None) -> dt.datetime | None:
        """The instant a local date starts in the pack's time zone (for `from` / `until`)."""
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(self.timezone))


_T = TypeVar("_T", bound=_Dated)


def _current(versions: tuple[_T, ...], day: dt.date) -> _T:
    """The version in force on `day`; else the latest that started before it; else the first."""
    for version in versions:
        if version.in_force(day):
            return version
    started = [v for v in versions if v.valid_from is None or v.valid_from <= day]
    return (started or list(versions))[-1]


@cache
def load_pack(framework: str) -> FrameworkPack:
    """The pack shipped as `governance/frameworks/<framework>.yaml`."""
    if framework not in AVAILABLE:
        raise CheckError(f"unknown framework '{framework}' (choose {' or '.join(AVAILABLE)})")
    text = queries.text("governance.frameworks", f"{framework}.yaml")
    return FrameworkPack.model_validate(yaml.safe_load(text))
