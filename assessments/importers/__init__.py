"""Question-bank interchange: GIFT, Aiken and Moodle XML to and from a neutral model.

Pure Python (no models, no database). Parsers return a list of
:class:`~assessments.importers.types.ParsedQuestion` or raise
:class:`~assessments.importers.errors.QuestionImportError` with every problem found,
each rendered as ``line N: reason`` in the active language.
"""

from __future__ import annotations

from collections.abc import Callable

from .aiken import parse_aiken
from .errors import Problem, QuestionImportError
from .gift import GIFT_EXPORTABLE, export_gift, iter_gift, parse_gift, text_lines
from .moodle_xml import MOODLE_XML_EXPORTABLE, export_moodle_xml, parse_moodle_xml
from .types import (
    Choice,
    MatchPair,
    NumericalAnswer,
    ParsedQuestion,
    QType,
    ShortAnswer,
    TextFormat,
)

__all__ = [
    "FORMATS",
    "GIFT_EXPORTABLE",
    "MOODLE_XML_EXPORTABLE",
    "Choice",
    "MatchPair",
    "NumericalAnswer",
    "ParsedQuestion",
    "Problem",
    "QType",
    "QuestionImportError",
    "ShortAnswer",
    "TextFormat",
    "export_gift",
    "export_moodle_xml",
    "iter_gift",
    "parse",
    "parse_aiken",
    "parse_gift",
    "parse_moodle_xml",
    "text_lines",
]

_PARSERS: dict[str, Callable[[str], list[ParsedQuestion]]] = {
    "gift": parse_gift,
    "aiken": parse_aiken,
    "moodlexml": parse_moodle_xml,
}

#: The format names :func:`parse` accepts.
FORMATS = tuple(_PARSERS)


def parse(text: str, fmt: str) -> list[ParsedQuestion]:
    """Read ``text`` in format ``fmt`` (``"gift"``, ``"aiken"`` or ``"moodlexml"``).

    Raises :class:`QuestionImportError` for problems in the file and :class:`ValueError`
    for an unknown format name.
    """
    try:
        parser = _PARSERS[fmt]
    except KeyError:
        raise ValueError(f"unknown question format {fmt!r}; expected one of {FORMATS}") from None
    return parser(text)
