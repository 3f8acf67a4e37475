"""Helpers shared by the parsers: numbers, weights and the structural checks.

The checks mirror what Moodle's question editing forms require, so that a question the
importers accept can be saved and answered for full marks.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import Problem
from .types import ParsedQuestion, QType

# Like PHP's is_numeric for plain decimals: no NaN, no infinity, no hex, no spaces.
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

ONE = Decimal(1)
ZERO = Decimal(0)
HUNDRED = Decimal(100)

MSG_NEEDS_TWO_CHOICES = _("a multiple-choice question needs at least 2 choices")
MSG_EMPTY_CHOICE = _("choice %(number)d has no text")
MSG_WEIGHT_RANGE = _("weight %(weight)s%% is out of range (-100%% to 100%%)")
MSG_NEGATIVE_WEIGHT = _(
    "a negative weight (%(weight)s%%) is only allowed in multiple-choice questions"
)
MSG_NO_CORRECT = _("the question has no correct answer")
MSG_NO_FULL_MARKS = _("no answer is worth 100%%, so full marks are impossible")
MSG_POSITIVE_SUM = _("the positive weights add up to %(total)s%%, not 100%%")
MSG_NO_ANSWER = _("the question has no answer")
MSG_EMPTY_ANSWER = _("answer %(number)d is empty")
MSG_NEGATIVE_TOLERANCE = _("the tolerance of answer %(number)d is negative")
MSG_MATCHING_SIZE = _(
    "a matching question needs at least 2 sub-questions and 3 answers "
    "(it has %(questions)d and %(answers)d)"
)
MSG_MATCH_WITHOUT_ANSWER = _("sub-question %(number)d has no answer")
MSG_ORDERING_SIZE = _("an ordering question needs at least 2 items")


def parse_number(text: str) -> Decimal | None:
    """The decimal written in ``text`` (surrounding spaces allowed), or ``None``."""
    text = text.strip()
    if not _NUMBER_RE.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex only lets valid numbers through
        return None


def format_decimal(value: Decimal) -> str:
    """A decimal in plain positional notation without trailing zeros (``12.5``, ``-3``)."""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", "+0"} else text


def percent(fraction: Decimal) -> str:
    """A fraction as a percentage string: ``Decimal("0.5")`` → ``"50"``."""
    return format_decimal(fraction * HUNDRED)


def _fraction_problems(
    fractions: list[Decimal], negatives_allowed: bool
) -> list[tuple[Promise, dict[str, object]]]:
    problems: list[tuple[Promise, dict[str, object]]] = []
    for fraction in fractions:
        if fraction > ONE or fraction < -ONE:
            problems.append((MSG_WEIGHT_RANGE, {"weight": percent(fraction)}))
        elif fraction < ZERO and not negatives_allowed:
            problems.append((MSG_NEGATIVE_WEIGHT, {"weight": percent(fraction)}))
    return problems


def _choice_problems(question: ParsedQuestion) -> list[tuple[Promise, dict[str, object]]]:
    problems: list[tuple[Promise, dict[str, object]]] = []
    if len(question.choices) < 2:
        problems.append((MSG_NEEDS_TWO_CHOICES, {}))
    for number, choice in enumerate(question.choices, start=1):
        if not choice.text:
            problems.append((MSG_EMPTY_CHOICE, {"number": number}))
    fractions = [choice.fraction for choice in question.choices]
    range_problems = _fraction_problems(fractions, negatives_allowed=True)
    problems += range_problems
    if range_problems or not fractions:
        return problems
    positive = [fraction for fraction in fractions if fraction > ZERO]
    if not positive:
        problems.append((MSG_NO_CORRECT, {}))
    elif question.qtype == QType.SINGLE_CHOICE:
        if max(positive) != ONE:
            problems.append((MSG_NO_FULL_MARKS, {}))
    # Moodle's form rounds the total to 2 decimals, so thirds (33.33333%) add up.
    elif round(sum(positive, ZERO), 2) != ONE:
        problems.append((MSG_POSITIVE_SUM, {"total": percent(sum(positive, ZERO))}))
    return problems


def _graded_answer_problems(
    fractions: list[Decimal], texts: list[str]
) -> list[tuple[Promise, dict[str, object]]]:
    problems: list[tuple[Promise, dict[str, object]]] = []
    if not fractions:
        return [(MSG_NO_ANSWER, {})]
    for number, text in enumerate(texts, start=1):
        if not text:
            problems.append((MSG_EMPTY_ANSWER, {"number": number}))
    range_problems = _fraction_problems(fractions, negatives_allowed=False)
    problems += range_problems
    if not range_problems:
        if max(fractions) <= ZERO:
            problems.append((MSG_NO_CORRECT, {}))
        elif max(fractions) != ONE:
            problems.append((MSG_NO_FULL_MARKS, {}))
    return problems


def check_question(question: ParsedQuestion) -> list[tuple[Promise, dict[str, object]]]:
    """The structural problems of a parsed question, as ``(message, params)`` pairs."""
    qtype = question.qtype
    if qtype in {QType.SINGLE_CHOICE, QType.MULTIPLE_RESPONSE}:
        return _choice_problems(question)
    if qtype == QType.SHORT_ANSWER:
        accepted = question.short_answers
        return _graded_answer_problems([a.fraction for a in accepted], [a.text for a in accepted])
    if qtype == QType.NUMERICAL:
        graded = [a for a in question.numerical_answers if a.value is not None]
        problems = _graded_answer_problems([a.fraction for a in graded], ["-"] * len(graded))
        for number, answer in enumerate(question.numerical_answers, start=1):
            if answer.tolerance < ZERO:
                problems.append((MSG_NEGATIVE_TOLERANCE, {"number": number}))
        return problems
    if qtype == QType.MATCHING:
        problems = []
        sub_questions = sum(1 for pair in question.pairs if pair.question)
        answers = sum(1 for pair in question.pairs if pair.answer)
        if sub_questions < 2 or answers < 3:
            problems.append((MSG_MATCHING_SIZE, {"questions": sub_questions, "answers": answers}))
        for number, pair in enumerate(question.pairs, start=1):
            if pair.question and not pair.answer:
                problems.append((MSG_MATCH_WITHOUT_ANSWER, {"number": number}))
        return problems
    if qtype == QType.ORDERING and len(question.choices) < 2:
        return [(MSG_ORDERING_SIZE, {})]
    return []


def add_checked(
    question: ParsedQuestion, questions: list[ParsedQuestion], problems: list[Problem]
) -> None:
    """Append ``question`` to ``questions`` if it passes the checks, else report why."""
    found = check_question(question)
    if found:
        problems.extend(Problem(question.line, message, params) for message, params in found)
    else:
        questions.append(question)
