"""Geometry for the server-rendered SVG competency chart (no JavaScript).

The template draws it; this module only computes positions so the template stays
simple and the chart is testable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lms.i18n import direction

WIDTH = 400
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
ROW_GAP = 12
TOP = 8
# A 12-unit label averages under 7 units a character (bold included), so this many
# characters fit between the 8-unit margins of the 400-unit viewBox: a longer label is
# shortened with "…" and keeps its full text in a <title> (shown on hover, read aloud).
MAX_LABEL_CHARS = (WIDTH - 16) // 7


def fit_label(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """``text`` shortened to ``limit`` characters at a word boundary, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ·—-,") + "…"


@dataclass
class Segment:
    """A run of a label's text; ``language`` is set (with its ``direction``) when the
    run is not in the reader's language (a competency name without a translation)."""

    text: str
    language: str = ""
    direction: str = ""


def label_segments(parts: list[tuple[str, str]], shown: str) -> list[Segment]:
    """``parts`` ((text, language or "")) cut to ``shown``, their join or a shortening
    of it by ``fit_label``; empty runs are dropped."""
    ellipsis = shown != "".join(text for text, _language in parts)
    remaining = len(shown) - 1 if ellipsis else len(shown)
    segments = []
    for text, language in parts:
        if remaining <= 0:
            break
        piece = text[:remaining]
        remaining -= len(piece)
        if piece:
            segments.append(Segment(piece, language, direction(language) if language else ""))
    if ellipsis:
        if segments and not segments[-1].language:
            segments[-1].text = shown[len(shown) - len(segments[-1].text) - 1 :]
        else:
            segments.append(Segment(shown[-1]))
    return segments


@dataclass
class Bar:
    y_label: int
    y_bar: int
    width: int
    label: str
    value_text: str
    full_text: str  # "label — level", whole
    short_text: str  # the same, shortened to fit the chart's width
    segments: list[Segment]  # short_text in runs, each marked with its language
    self_x: int | None
    proficient: bool
    depth: int


@dataclass
class Chart:
    width: int
    height: int
    bar_area: int
    proficient_x: int
    ticks: list[tuple[int, str]]
    bars: list[Bar]
    title: str
    description: str


def map_chart(rows, scale, *, learner_name: str) -> Chart:
    """One bar per competency: length = level reached; a tick marks proficiency and a
    diamond the learner's own self-assessment."""
    size = max(scale.size, 1)
    bar_area = WIDTH - 16
    step = bar_area / size
    bars, y = [], TOP
    for row in rows:
        width = round(step * row.level)
        self_x = round(step * row.self_level) if row.self_level else None
        value = row.level_name or _("Not yet rated")
        prefix, name = "· " * row.node.depth, row.competency.display_name
        label = prefix + name
        full = f"{label} — {value}"
        # A name shown in Italian on a French or Arabic map carries lang/dir of Italian.
        name_language = row.competency.display_name_language
        if name_language == (get_language() or "it").split("-")[0]:
            name_language = ""
        bars.append(
            Bar(
                y_label=y + LABEL_HEIGHT - 4,
                y_bar=y + LABEL_HEIGHT,
                width=width,
                label=label,
                value_text=value,
                full_text=full,
                short_text=fit_label(full),
                segments=label_segments(
                    [(prefix, ""), (name, name_language), (f" — {value}", "")], fit_label(full)
                ),
                self_x=self_x,
                proficient=row.proficient,
                depth=row.node.depth,
            )
        )
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    proficient = sum(1 for row in rows if row.proficient)
    names = scale.names
    return Chart(
        width=WIDTH,
        height=y + 4,
        bar_area=bar_area,
        proficient_x=round(step * scale.proficient_from),
        ticks=[(round(step * n), names[n]) for n in names],
        bars=bars,
        title=_("Competency map of %(name)s") % {"name": learner_name},
        description=_(
            "%(proficient)s of %(total)s competencies at %(level)s or above. "
            "Bar length is the level reached; the table below gives every level, "
            "the evidence behind it and what is missing."
        )
        % {
            "proficient": proficient,
            "total": len(rows),
            "level": names.get(scale.proficient_from, ""),
        },
    )
