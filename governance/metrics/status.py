"""Red, amber, green: how a figure is graded against thresholds kept in configuration.

The numbers live in the dashboard's YAML, never in code or a notebook, so the
DPO can tighten a threshold without a release. A `Rule` says which way is
better and where green and amber end; a section's colour is the worst of its
graded figures, so one red figure makes the section red.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from governance.i18n import _


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NA = "n/a"  # no value: the period was not checked, or nothing to measure
    INFO = "info"  # shown for context, not graded


_SEVERITY = {Status.GREEN: 1, Status.AMBER: 2, Status.RED: 3}


@dataclass(frozen=True)
class Rule:
    """Thresholds of one figure.

    better="higher": green when value >= green, amber when value >= amber, else red.
    better="lower":  green when value <= green, amber when value <= amber, else red.
    No amber: nothing lies between green and red. No green: not graded (info).

    >>> Rule("stale_grants", "lower", green=0, amber=5).grade(3)
    <Status.AMBER: 'amber'>
    """

    figure: str
    better: str | None = None
    green: float | None = None
    amber: float | None = None

    def __post_init__(self) -> None:
        for name in ("green", "amber"):
            limit = getattr(self, name)
            if limit is not None and (
                isinstance(limit, bool) or not isinstance(limit, int | float)
            ):
                raise ValueError(f"{self.figure}: '{name}' must be a number, not {limit!r}")
        if self.green is None:
            if self.amber is not None or self.better is not None:
                raise ValueError(f"{self.figure}: 'amber' and 'better' need a 'green' threshold")
            return
        if self.better not in ("higher", "lower"):
            raise ValueError(f"{self.figure}: 'better' must be 'higher' or 'lower'")
        if self.amber is not None and (
            (self.better == "higher" and self.amber > self.green)
            or (self.better == "lower" and self.amber < self.green)
        ):
            raise ValueError(
                f"{self.figure}: the amber threshold {self.amber} lies on the green side "
                f"of {self.green} (better is {self.better})"
            )

    @property
    def graded(self) -> bool:
        return self.green is not None

    def grade(self, value: float | None) -> Status:
        """The colour of `value` under this rule."""
        if not self.graded:
            return Status.INFO
        if value is None:
            return Status.NA
        if self._passes(value, self.green):
            return Status.GREEN
        if self.amber is not None and self._passes(value, self.amber):
            return Status.AMBER
        return Status.RED

    def _passes(self, value: float, limit: float | None) -> bool:
        assert limit is not None
        return value >= limit if self.better == "higher" else value <= limit


def worst(statuses: Iterable[Status]) -> Status:
    """The worst colour among graded statuses; n/a when none is graded with a value."""
    graded = [s for s in statuses if s in _SEVERITY]
    return max(graded, key=_SEVERITY.__getitem__) if graded else Status.NA


def severity_rank(status: Status) -> int:
    """0 for n/a and info, then green < amber < red (for sorting and picking the worst)."""
    return _SEVERITY.get(status, 0)


@dataclass(frozen=True)
class Indicator:
    """A figure on a scorecard, with its label and the rule that grades it."""

    rule: Rule
    label: str


@dataclass(frozen=True)
class ScoreSection:
    """A numbered section of a scorecard (a section of the privacy policy) and its figures."""

    section: int
    title: str
    promise: str
    indicators: tuple[Indicator, ...]

    @property
    def heading(self) -> str:
        """`7. Rights of data subjects`, the title in the reader's language."""
        return f"{self.section}. {_(self.title)}"


def parse_sections(data: dict[str, Any], known: Iterable[str]) -> tuple[ScoreSection, ...]:
    """Sections of a scorecard from its parsed YAML; ValueError or KeyError naming the fault.

    `known` are the figure names the caller can compute: a typo in a figure's name
    is an error here, not a silently grey line on a management report.
    """
    figures = set(known)
    sections = []
    for raw in data["sections"]:
        indicators = []
        for item in raw["figures"]:
            name = item["figure"]
            if name not in figures:
                raise ValueError(f"section {raw['section']}: unknown figure '{name}'")
            unknown = sorted(set(item) - {"figure", "label", "better", "green", "amber"})
            if unknown:
                raise ValueError(f"section {raw['section']}, {name}: unknown key(s) {unknown}")
            rule = Rule(name, item.get("better"), item.get("green"), item.get("amber"))
            indicators.append(Indicator(rule, str(item["label"])))
        if not indicators:
            raise ValueError(f"section {raw['section']}: lists no figure")
        sections.append(
            ScoreSection(int(raw["section"]), raw["title"], raw["promise"], tuple(indicators))
        )
    return tuple(sorted(sections, key=lambda s: s.section))
