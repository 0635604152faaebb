"""Charts rendered to SVG in the kernel, so an HTML report carries them with no script.

altair's default renderer needs vega-embed from a CDN; vl-convert turns the
same spec into an SVG string locally. `SvgChart` displays as `image/svg+xml`
in JupyterLab and in nbconvert's HTML alike.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import ModuleType

import pandas as pd
import vl_convert as vlc

from governance.i18n import current_language


def _import_altair() -> ModuleType:
    """Import altair without jsonschema's optional IRI format checker.

    altair imports jsonschema, which imports `rfc3987_syntax` when it is installed (Jupyter's
    event schemas pull it in) and that compiles an Earley grammar at import: 2 of the 2.5
    seconds every report kernel spent before its first query, for a string format that no
    chart spec uses and that jsonschema does not even check unless asked. Hiding the module
    while altair (hence jsonschema) loads skips that checker in this process only; the module
    stays importable afterwards for anyone who does want it.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import altair

        return altair
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import altair
    finally:
        del sys.modules["rfc3987_syntax"]
    return altair


alt = _import_altair()

#: 12 distinguishable colours: charts by system or recipient have up to ~10 series
PALETTE = [
    "#1f6feb",
    "#d29922",
    "#cf222e",
    "#2da44e",
    "#8250df",
    "#57606a",
    "#bf3989",
    "#0a7ea4",
    "#9a6700",
    "#116329",
    "#a40e26",
    "#6e7781",
]
STATUS_COLOURS = {"green": "#2da44e", "amber": "#d29922", "red": "#cf222e", "n/a": "#8c959f"}
WIDTH = 640
#: d3's number and time formats of each language, so axis ticks read as the text does
_VEGA_LOCALES = {"en": "en-GB", "ru": "ru-RU", "kk": "ru-RU"}


@dataclass(frozen=True)
class SvgChart:
    """An altair chart and its SVG rendering."""

    chart: alt.TopLevelMixin
    #: the language the chart was made in (its axis numbers follow it)
    language: str = "en"

    @property
    def svg(self) -> str:
        locale = _VEGA_LOCALES[self.language]
        # vl-convert ships no kk-KZ d3 locale; Kazakh writes numbers as Russian does (1 234,5)
        return vlc.vegalite_to_svg(
            self.chart.to_json(), format_locale=locale, time_format_locale=locale
        )

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/svg+xml": self.svg}


def _style(chart: alt.TopLevelMixin, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    heading = alt.TitleParams(text=title, subtitle=subtitle) if subtitle else title
    return (
        chart.properties(title=heading, width=WIDTH, height=220)
        .configure_axis(labelFontSize=11, titleFontSize=11, grid=False)
        .configure_title(fontSize=14, anchor="start")
        .configure_view(strokeWidth=0)
        .configure_range(category=PALETTE)
        .configure_legend(labelLimit=300)
    )


def line_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    colour: str | None = None,
    *,
    title: str,
    y_title: str | None = None,
    y_format: str | None = None,
    subtitle: str = "",
) -> SvgChart:
    """Lines over time (x temporal or ordinal), one per `colour` value; `subtitle` says what a
    gap in a line means. Every x value keeps its place on the axis, drawn or not."""
    encoding = {
        "x": alt.X(x, title=None, scale=_whole_domain(frame, x)),
        "y": alt.Y(
            y, title=y_title or y, axis=alt.Axis(format=y_format) if y_format else alt.Axis()
        ),
    }
    if colour:
        encoding["color"] = alt.Color(colour, title=None)
    chart = alt.Chart(frame).mark_line(point=True).encode(**encoding)
    return SvgChart(_style(chart, title, subtitle), current_language())


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    colour: str | None = None,
    *,
    title: str,
    y_title: str | None = None,
    stacked: bool = True,
    horizontal: bool = False,
    colour_scale: dict[str, str] | None = None,
    subtitle: str = "",
    suppressed_label: str | None = None,
) -> SvgChart:
    """Bars, stacked by `colour` when given; `horizontal` swaps the axes.

    Every x value keeps its place on the axis even when none of its bars is drawn; with
    `suppressed_label` (`<5`), an x value whose `y` is missing (a small count, not drawn) is
    marked with it, so a suppressed month reads as suppressed, not as absent.
    """
    x_enc = alt.X(x, title=None, sort=None, scale=_whole_domain(frame, x))
    y_enc = alt.Y(y, title=y_title or y, stack="zero" if stacked else None)
    if horizontal:
        x_enc, y_enc = alt.X(y, title=y_title or y), alt.Y(x, title=None, sort=None)
    encoding = {"x": x_enc, "y": y_enc}
    if colour:
        scale = (
            alt.Scale(domain=list(colour_scale), range=list(colour_scale.values()))
            if colour_scale
            else alt.Undefined
        )
        encoding["color"] = alt.Color(colour, title=None, scale=scale)
    chart = alt.Chart().mark_bar().encode(**encoding)
    y_field = y.split(":")[0]
    if suppressed_label and not horizontal and frame[y_field].isna().any():
        x_field = x.split(":")[0]
        marks = (
            alt.Chart()
            .transform_filter(f"!isValid(datum['{y_field}'])")
            .transform_aggregate(groupby=[x_field])
            .transform_calculate(label=repr(suppressed_label))
            .mark_text(dy=-6, fontSize=10, color="#57606a")
            .encode(x=alt.X(x, sort=None), y=alt.datum(0), text="label:N")
        )
        chart = alt.layer(chart, marks, data=frame)
    else:
        chart = alt.layer(chart, data=frame)
    return SvgChart(_style(chart, title, subtitle), current_language())


def _whole_domain(frame: pd.DataFrame, field: str) -> alt.Scale | object:
    """A scale over every value of an ordinal `field`, in order: Vega drops from its domain the
    values whose measure is missing, which made a suppressed month vanish from the axis."""
    name, _, kind = field.partition(":")
    if kind not in ("O", "N") or name not in frame.columns:
        return alt.Undefined
    return alt.Scale(domain=[str(v) for v in pd.unique(frame[name].dropna())])
