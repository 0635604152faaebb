"""The suite's own words for codes (rights, cookie categories, recipient kinds, countries).

They live in `wording.yaml` beside this module, so that the Markdown and the HTML template say
the same thing and a sentence is changed in one place.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from governance.store import queries


@cache
def wording() -> dict[str, Any]:
    """The parsed `wording.yaml` (read once per process)."""
    text = queries.text("governance.policy", "wording.yaml")
    return yaml.safe_load(text)


def country_name(code: str | None) -> str:
    """`DE` -> `Germany`; a code the wording does not know is shown as it is."""
    if not code:
        return ""
    return wording()["countries"].get(code, code)


def duration(days: int) -> str:
    """A storage or cookie period in the unit a reader expects: `1825` -> `5 years`.

    Whole years (365 or 365.25 days each, so 75 years of 27,394 days reads as 75 years), then
    whole months (within three days, so 180 days reads as 6 months), else days.

    >>> duration(1825), duration(395), duration(30), duration(1)
    ('5 years', '13 months', '30 days', '1 day')
    """
    if days >= 360:
        years = round(days / 365.25)
        if years and min(abs(days - years * 365), abs(days - years * 365.25)) <= 1:
            return _plural(years, "year")
    if days >= 60:
        months = round(days / 30.4375)
        if abs(days - months * 30.4375) <= 3:
            return _plural(months, "month")
    return _plural(days, "day")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
