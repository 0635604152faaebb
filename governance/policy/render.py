"""Word a `PolicyDocument` as Markdown or as a self-contained HTML page (Jinja2 templates).

The HTML environment autoescapes everything: every string of the register (a purpose's name, a
cookie's purpose) reaches the page escaped, and the page has no script and loads nothing (inline
CSS, no link to a resource). Markdown has no autoescape, so register strings pass the `md`
filter, which backslash-escapes what Markdown would read as markup or raw HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cache

import jinja2

from governance.policy.model import PolicyDocument, RetentionFacts, RightFacts
from governance.policy.words import country_name, duration, wording
from governance.store import queries


class PolicyFormat(StrEnum):
    MD = "md"
    HTML = "html"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def render_policy(document: PolicyDocument, fmt: PolicyFormat | str = PolicyFormat.MD) -> str:
    """The policy text of `document` in `fmt` (`md` or `html`)."""
    fmt = PolicyFormat(fmt)
    template = _environment(fmt).get_template(f"policy.{fmt.value}.j2")
    return template.render(doc=document, org=document.organisation, words=wording())


def md_escape(text: object) -> str:
    """Backslash-escape Markdown markup and raw HTML: `<script>` stays text.

    >>> md_escape("a_b <i>")
    'a\\\\_b \\\\<i\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def md_code(text: object) -> str:
    """An inline code span (cookie names, domains); a backtick inside cannot end it early."""
    value = "" if text is None else str(text)
    return f"`{value.replace('`', '')}`"


def sentence(text: object) -> str:
    """A register description as a sentence: a full stop added when it has none."""
    value = "" if text is None else str(text).strip()
    return value if not value or value[-1] in ".!?" else value + "."


def upper_first(text: object) -> str:
    """`the Netherlands` -> `The Netherlands` at the start of a table cell (the rest kept)."""
    value = "" if text is None else str(text)
    return value[:1].upper() + value[1:]


def long_date(value: dt.date) -> str:
    """`2026-02-01` -> `1 February 2026`: no locale, no ambiguity between day and month."""
    return f"{value.day} {value:%B %Y}"


def retention_words(rule: RetentionFacts) -> str:
    """`5 years after the last use, then deleted`."""
    words = wording()["retention"]
    start = words["start_events"].get(rule.start_event, rule.start_event)
    action = words["actions"].get(rule.action, rule.action)
    return f"{duration(rule.period_days)} {start}, {action}"


def deadline_words(right: RightFacts, law_short: str) -> str:
    """`within 15 working days (Law 94-V Art. 8(7))`; a term the law does not fix says so."""
    if right.working_days is not None:
        term = duration_in_working_days(right.working_days)
    elif right.months is not None:
        term = _months(right.months)
        if right.extension_months:
            term += (
                f", or {_months(right.months + right.extension_months)} for a complex request"
                " (you are told within the first month)"
            )
    else:
        return f"as {law_short} {right.article} requires"
    if not right.confirmed:
        return f"within {term} (the Company's own term; {law_short} {right.article})"
    return f"within {term} ({law_short} {right.article})"


def duration_in_working_days(days: int) -> str:
    return "1 working day" if days == 1 else f"{days} working days"


def lifetime_words(days: int) -> str:
    """A cookie's lifetime: 0 is a session cookie."""
    return "until the browser is closed" if days == 0 else duration(days)


def _months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


@cache
def _environment(fmt: PolicyFormat) -> jinja2.Environment:
    environment = queries.template_environment(
        "governance.policy",
        "templates",
        autoescape=fmt is PolicyFormat.HTML,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        md=md_escape,
        code=md_code,
        long_date=long_date,
        sentence=sentence,
        upper_first=upper_first,
        duration=duration,
        country=country_name,
        retention=retention_words,
        lifetime=lifetime_words,
    )
    environment.globals.update(deadline=deadline_words)
    return environment
