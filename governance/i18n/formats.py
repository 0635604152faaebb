"""Numbers, percentages and dates as a reader of the current language writes them (Babel).

One rule per kind of figure, whatever the report: counts are whole numbers with the language's
grouping (`1,234`, `1 234`); a share is a percentage with one decimal (`99.8 %`, `99,8 %`); a
change of a share is in percentage points with one decimal and a sign (`+0.3 pp`, `−0.0 pp`
never: a change under 0.05 points is "no change"); dates are the language's medium form.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date
from babel.numbers import format_decimal

from governance.i18n import _, current_language

#: Babel locale per language
LOCALES = {"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ"}
#: the smallest change of a share, in points, that is shown as a change
SMALLEST_POINT_CHANGE = 0.05


def _locale() -> str:
    return LOCALES[current_language()]


def count(value: float) -> str:
    """A whole number with the language's digit grouping."""
    return format_decimal(round(value), format="#,##0", locale=_locale())


def decimal(value: float, places: int = 1) -> str:
    """A number with `places` decimals."""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale())


def percent(share: float) -> str:
    """A share (0.998) as a percentage with one decimal: `99.8 %`."""
    return f"{decimal(share * 100, 1)}\u00a0%"


def point_change(points: float) -> str:
    """A change of a share in percentage points (0.3 -> `+0.3 pp`); below 0.05 points, none."""
    if abs(points) < SMALLEST_POINT_CHANGE:
        return _("no change")
    sign = "+" if points > 0 else "\u2212"
    unit = _("pp")  # percentage points
    return f"{sign}{decimal(abs(points), 1)}\u00a0{unit}"


def date(day: dt.date | dt.datetime) -> str:
    """A date in the language's medium form (7 Dec 2026, 7 дек. 2026 г.)."""
    return format_date(day, format="medium", locale=_locale())


def month(day: dt.date | dt.datetime) -> str:
    """A month and its year in the language's short form (Oct 2026, окт. 2026 г.)."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", day, locale=_locale())


def date_time(moment: dt.datetime) -> str:
    """A date with its time to the minute (UTC as given), in the language's medium form."""
    return f"{date(moment)} {moment:%H:%M}"


def precise_percent(share: float) -> str:
    """Like `percent`, but a share under 0.1 % keeps two significant digits (`0.076 %`), so that
    a small value or threshold (retention: green up to 0.01 %) never reads `0.0 %`."""
    points = share * 100
    if points == 0 or abs(points) >= 0.1:
        return percent(share)
    places = 1 - math.floor(math.log10(abs(points)))
    pattern = "#,##0." + "#" * places
    text = format_decimal(round(points, places), format=pattern, locale=_locale())
    return f"{text}\u00a0%"


def signed_count(value: float) -> str:
    """A change of a count with its sign and the language's grouping (`+26`, `-1 234`)."""
    return format_decimal(round(value), format="+#,##0;-#,##0", locale=_locale())


def signed_decimal(value: float, places: int = 1) -> str:
    """A change with `places` decimals and its sign (`+1.5`, `-0,4`)."""
    decimals = "." + "0" * places if places else ""
    pattern = f"+#,##0{decimals};-#,##0{decimals}"
    return format_decimal(value, format=pattern, locale=_locale())
