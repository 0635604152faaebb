"""The suite's own words for codes (rights, cookie categories, recipient kinds, countries).

They live in `wording.yaml` beside this module, so that the Markdown and the HTML template say
the same thing and a sentence is changed in one place. The YAML holds the English text; every
string of it is a message id of the `policy` catalogue, so `_()` gives it in the reader's language.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from governance.i18n import _, current_language, ngettext
from governance.store import queries

# `Art. 25(2)(8)`: an article number (`19-1` is one number, `44-49` a range), then its parts
_ARTICLE = re.compile(r"^(?P<number>\d+(?:-\d+)?)(?P<parts>(?:\([\w-]+\))*)$")


@cache
def wording() -> dict[str, Any]:
    """The parsed `wording.yaml` (read once per process)."""
    text = queries.text("governance.policy", "wording.yaml")
    return yaml.safe_load(text)


def country_name(code: str | None) -> str:
    """`DE` -> `Germany` in the current language; a code the wording does not know stays."""
    if not code:
        return ""
    name = wording()["countries"].get(code)
    return _(name) if name else code


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
            return ngettext("{n} year", "{n} years", years).format(n=years)
    if days >= 60:
        months = round(days / 30.4375)
        if abs(days - months * 30.4375) <= 3:
            return ngettext("{n} month", "{n} months", months).format(n=months)
    return ngettext("{n} day", "{n} days", days).format(n=days)


def article_words(article: str) -> str:
    """An article of a framework pack as the reader's language cites it.

    English keeps the pack's notation (`Art. 25(2)(8)`); Russian and Kazakh texts cite articles
    by their official Russian names, article first (`ст. 25 п. 2 пп. 8`, `ст. 12 п. 3, ст. 15`).
    A notation the rule does not know is shown as it is.
    """
    if current_language() == "en" or not article.startswith("Art. "):
        return article
    cited = []
    for token in article.removeprefix("Art. ").split(","):
        match = _ARTICLE.match(token.strip())
        if match is None:
            return article
        parts = re.findall(r"\(([\w-]+)\)", match["parts"])
        if len(parts) > 2:
            return article
        levels = [_("para. {number}"), _("subpara. {number}")]
        words = [_("Art. {number}").format(number=match["number"])]
        words += [level.format(number=part) for level, part in zip(levels, parts, strict=False)]
        cited.append(" ".join(words))
    return ", ".join(cited)
