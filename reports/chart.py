"""The competency-growth chart: a server-rendered SVG (no script), with the table beside
it as the text alternative."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

SCALE_MAX = Decimal(5)
BAR = 12
ROW = 40
WIDTH = 320
PLOT = WIDTH - 40
FIRST, LAST = "#767676", "#1f5fa8"  # both at least 4.5:1 on white

TEXT = '<text x="{}" y="{}" font-size="{}" fill="#1a1a1a">{}</text>'
BAR_SVG = '<rect x="0" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>' + TEXT


def _bars(bars):
    for index, bar in enumerate(bars):
        top = index * ROW
        yield format_html(TEXT, 0, top + 10, 10, bar.label[:60])
        for offset, value, colour, name in (
            (13, bar.first, FIRST, _("First self-assessment")),
            (13 + BAR, bar.last, LAST, _("Last self-assessment")),
        ):
            width = int(PLOT * (Decimal(value) / SCALE_MAX))
            yield format_html(
                BAR_SVG,
                top + offset,
                width,
                BAR - 1,
                colour,
                name,
                value,
                width + 4,
                top + offset + 9,
                9,
                value,
            )


def growth_svg(bars) -> str:
    """Horizontal bars per capability: the first and the last average (1–5)."""
    if not bars:
        return ""
    legend = len(bars) * ROW + 14
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="growth-chart" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-labelledby="growth-chart-title">'
        '<title id="growth-chart-title">{}</title>{}'
        '<rect x="0" y="{}" width="10" height="10" fill="{}"/>{}'
        '<rect x="150" y="{}" width="10" height="10" fill="{}"/>{}</svg>',
        WIDTH,
        legend + 20,
        _(
            "Average first and last self-assessment per capability (1–5); the table "
            "below gives the figures."
        ),
        format_html_join("", "{}", ((part,) for part in _bars(bars))),
        legend,
        FIRST,
        format_html(TEXT, 14, legend + 9, 10, _("First self-assessment")),
        legend,
        LAST,
        format_html(TEXT, 164, legend + 9, 10, _("Last self-assessment")),
    )
