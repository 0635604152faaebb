"""Word a `PolicyDocument` as Markdown or as a self-contained HTML page (Jinja2 templates).

The HTML environment autoescapes everything: every string of the register (a purpose's name, a
cookie's purpose) reaches the page escaped, and the page has no script and loads nothing (inline
CSS, no link to a resource). Markdown has no autoescape, so register strings pass the `md`
filter, which backslash-escapes what Markdown would read as markup or raw HTML.

Every sentence of the templates is an English message id in `{{ _("...") }}`, and the words the
document carries from `wording.yaml` (the law, rights, cookie categories) pass the `t` filter:
`render_policy(document, fmt, lang)` words the same facts in English, Russian or Kazakh.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cache

import jinja2
import markupsafe
from babel.dates import format_date

from governance.i18n import _, current_language, ngettext, use_language
from governance.i18n.formats import LOCALES
from governance.policy.model import PolicyDocument, RecipientFacts, RetentionFacts, RightFacts
from governance.policy.words import article_words, country_name, duration, wording
from governance.store import queries


class PolicyFormat(StrEnum):
    MD = "md"
    HTML = "html"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def render_policy(
    document: PolicyDocument, fmt: PolicyFormat | str = PolicyFormat.MD, lang: str | None = None
) -> str:
    """The policy text of `document` in `fmt` (`md` or `html`), in `lang` (default: the current
    language, English unless a caller chose another)."""
    fmt = PolicyFormat(fmt)
    template = _environment(fmt).get_template(f"policy.{fmt.value}.j2")
    with use_language(lang or current_language()):
        return template.render(
            doc=document, org=document.organisation, words=wording(), lang=current_language()
        )


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
    """`2026-02-01` -> `1 February 2026` (Babel's long form in Russian and Kazakh): the month
    in words, so no ambiguity between day and month."""
    if current_language() == "en":
        return f"{value.day} {value:%B %Y}"
    return format_date(value, format="long", locale=LOCALES[current_language()])


def words_for(text: str | None) -> str:
    """A phrase of `wording.yaml` carried by a document (a right, the law) in the current
    language; a document stored with words the catalogue no longer has keeps its English."""
    return _(text) if text else ""


def retention_words(rule: RetentionFacts) -> str:
    """`5 years after the last use, then deleted`."""
    words = wording()["retention"]
    start = words["start_events"].get(rule.start_event)
    action = words["actions"].get(rule.action)
    return _("{duration} {start}, {action}").format(
        duration=duration(rule.period_days),
        start=_(start) if start else rule.start_event,
        action=_(action) if action else rule.action,
    )


def deadline_words(right: RightFacts, law_short: str) -> str:
    """`within 15 working days (Law 94-V Art. 8(7))`; a term the law does not fix says so."""
    law = words_for(law_short)
    article = article_words(right.article)
    if right.working_days is not None:
        days = right.working_days
        term = ngettext("within {n} working day", "within {n} working days", days).format(n=days)
    elif right.months is not None:
        term = ngettext("within {n} month", "within {n} months", right.months).format(
            n=right.months
        )
        if right.extension_months:
            longer = right.months + right.extension_months
            term = ngettext(
                "{term}, or {n} month for a complex request (you are told within the first month)",
                "{term}, or {n} months for a complex request (you are told within the first month)",
                longer,
            ).format(term=term, n=longer)
    else:
        return _("as {law} {article} requires").format(law=law, article=article)
    if not right.confirmed:
        return _("{term} (the Company's own term; {law} {article})").format(
            term=term, law=law, article=article
        )
    return _("{term} ({law} {article})").format(term=term, law=law, article=article)


def safeguard_words(recipient: RecipientFacts, document: PolicyDocument) -> list[str]:
    """What the policy says of a transfer abroad: its safeguards, or, when the register records
    none, that none is recorded, under the law's article on cross-border transfers.

    A legal statement is never left empty: an empty cell reads as "nothing needed", which is not
    what the register says (the check `transfer.no_safeguard` reports the same recipient).
    """
    if recipient.safeguards:
        return list(recipient.safeguards)
    article = document.transfer_article
    if not article:
        return [_("no safeguard recorded for this transfer")]
    return [
        _(
            "no safeguard recorded (the Company has documented no condition of {law} {article} "
            "for this transfer)"
        ).format(law=words_for(document.law_short), article=article_words(article))
    ]


def lifetime_words(days: int) -> str:
    """A cookie's lifetime: 0 is a session cookie."""
    return _("until the browser is closed") if days == 0 else duration(days)


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
        t=words_for,
        apply=lambda items, func: [func(item) for item in items],
    )
    environment.globals.update(
        link=lambda anchor, text: markupsafe.Markup('<a href="#{}">{}</a>').format(anchor, text),
        deadline=deadline_words,
        safeguards=safeguard_words,
        _=_,
        ngettext=ngettext,
    )
    return environment
