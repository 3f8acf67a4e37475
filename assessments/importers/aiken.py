"""Aiken import, following Moodle's ``qformat_aiken``.

A question is its text, then one option per line (``A)`` or ``A.`` and the text), then
``ANSWER: X``::

    What is the capital of Italy?
    A) Milan
    B. Rome
    ANSWER: B

Texts are plain (Moodle escapes them into HTML). Two deliberate differences from Moodle:
a question's text may span several lines (Moodle discards the earlier lines), and after
``A.`` some whitespace is required, so that a question starting ``U.S. …`` is not taken
for an option. Options must be lettered A, B, C… in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ._common import ONE, ZERO, add_checked
from .errors import Problem, QuestionImportError
from .types import Choice, ParsedQuestion, QType, TextFormat

__all__ = ["parse_aiken"]

MSG_OPTION_BEFORE_QUESTION = _("option '%(letter)s' comes before any question text")
MSG_ANSWER_BEFORE_QUESTION = _("'ANSWER:' comes before any question")
MSG_OPTION_ORDER = _("option '%(letter)s' is out of order: '%(expected)s' was expected")
MSG_NO_ANSWER_LINE = _("the question has no 'ANSWER:' line")
MSG_BAD_ANSWER = _("'ANSWER:' must name one option letter, not '%(value)s'")
MSG_ANSWER_NOT_AN_OPTION = _("'ANSWER: %(letter)s' names no option of the question")

_OPTION_RE = re.compile(r"([A-Z])(?:\)\s*|\.(?:\s+|$))(.*)")
_ANSWER_RE = re.compile(r"ANSWER:(.*)")
_LETTER_RE = re.compile(r"([A-Z])[.)]?")


@dataclass
class _Open:
    line: int
    stem: list[str]
    options: list[str] = field(default_factory=list)
    broken: bool = False


def _question(current: _Open, correct_index: int) -> ParsedQuestion:
    choices = [
        Choice(
            text, ONE if index == correct_index else ZERO, "", TextFormat.PLAIN, TextFormat.PLAIN
        )
        for index, text in enumerate(current.options)
    ]
    return ParsedQuestion(
        QType.SINGLE_CHOICE,
        text="\n".join(current.stem),
        text_format=TextFormat.PLAIN,
        general_feedback_format=TextFormat.PLAIN,
        line=current.line,
        choices=choices,
    )


def parse_aiken(text: str) -> list[ParsedQuestion]:
    """Read an Aiken file into single-choice questions.

    Raises :class:`QuestionImportError` listing every problem of the file (its
    ``questions`` holds the questions read cleanly).
    """
    questions: list[ParsedQuestion] = []
    problems: list[Problem] = []
    current: _Open | None = None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER_RE.match(line)
        option = _OPTION_RE.match(line)
        if answer:
            if current is None:
                problems.append(Problem(number, MSG_ANSWER_BEFORE_QUESTION))
                continue
            value = answer.group(1).strip()
            letter = _LETTER_RE.fullmatch(value)
            if letter is None:
                problems.append(Problem(number, MSG_BAD_ANSWER, {"value": value}))
            elif ord(letter.group(1)) - ord("A") >= len(current.options):
                problems.append(
                    Problem(number, MSG_ANSWER_NOT_AN_OPTION, {"letter": letter.group(1)})
                )
            elif not current.broken:
                add_checked(
                    _question(current, ord(letter.group(1)) - ord("A")), questions, problems
                )
            current = None
        elif option:
            if current is None:
                problems.append(
                    Problem(number, MSG_OPTION_BEFORE_QUESTION, {"letter": option.group(1)})
                )
                continue
            expected = chr(ord("A") + len(current.options))
            if option.group(1) != expected:
                params = {"letter": option.group(1), "expected": expected}
                problems.append(Problem(number, MSG_OPTION_ORDER, params))
                current.broken = True
            current.options.append(option.group(2).strip())
        elif current is None:
            current = _Open(number, [line])
        elif not current.options:
            current.stem.append(line)  # A question text on several lines.
        else:
            problems.append(Problem(current.line, MSG_NO_ANSWER_LINE))
            current = _Open(number, [line])
    if current is not None:
        problems.append(Problem(current.line, MSG_NO_ANSWER_LINE))
    if problems:
        raise QuestionImportError(problems, questions)
    return questions
