"""Mapping between the importers' neutral :class:`ParsedQuestion` and bank models.

No queries here beyond reading the answers and tags passed in: services do the saving.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields, is_dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from assessments.importers import (
    Choice,
    MatchPair,
    NumericalAnswer,
    ParsedQuestion,
    QType,
    ShortAnswer,
    TextFormat,
)

from .models import PATH_SEPARATOR_CHAR, Question, QuestionAnswer

_PLACES = Decimal("0.0000001")
# Moodle writes these roots before the path a trainer chose; they mean nothing here.
_MOODLE_ROOTS = ("$course$", "$system$", "$module$", "$cat1$", "top")


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_PLACES, rounding=ROUND_HALF_EVEN)


def relative_category(path: str) -> list[str]:
    """The levels of a file's category path, without Moodle's technical roots."""
    levels = [level.strip() for level in path.split(PATH_SEPARATOR_CHAR)]
    levels = [level.replace(PATH_SEPARATOR_CHAR, "-") for level in levels if level]
    while levels and levels[0].lower() in _MOODLE_ROOTS:
        levels.pop(0)
    return levels


def _canonical(value):
    if isinstance(value, Decimal):
        return format(_quantize(value).normalize(), "f")
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value


def parsed_hash(parsed: ParsedQuestion) -> str:
    """A digest of what a file says about a question (its category and line excluded).

    Two readings of the same question, from GIFT or from Moodle XML, hash the same;
    re-import uses it to tell an unchanged question from a changed one.
    """
    data = {}
    for item in fields(parsed):
        if not item.compare or item.name == "category":
            continue
        value = getattr(parsed, item.name)
        if isinstance(value, list):
            value = [asdict(entry) if is_dataclass(entry) else entry for entry in value]
        data[item.name] = value
    encoded = json.dumps(_canonical(data), sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def question_fields(parsed: ParsedQuestion) -> dict:
    """Model field values of a :class:`Question` for ``parsed`` (category excluded)."""
    return {
        "qtype": parsed.qtype.value,
        "name": (parsed.display_name or f"{parsed.qtype.value} {parsed.line}")[:255],
        "text": parsed.text,
        "text_format": parsed.text_format.value,
        "general_feedback": parsed.general_feedback,
        "general_feedback_format": parsed.general_feedback_format.value,
        "shuffle_answers": parsed.shuffle,
        "case_sensitive": parsed.case_sensitive,
        "correct_answer": parsed.correct,
        "feedback_true": parsed.feedback_true,
        "feedback_true_format": parsed.feedback_true_format.value,
        "feedback_false": parsed.feedback_false,
        "feedback_false_format": parsed.feedback_false_format.value,
        "idnumber": parsed.idnumber[:100],
    }


def answer_rows(parsed: ParsedQuestion) -> list[QuestionAnswer]:
    """Unsaved :class:`QuestionAnswer` rows for ``parsed`` (in order)."""
    rows = []
    if parsed.qtype in {QType.SINGLE_CHOICE, QType.MULTIPLE_RESPONSE, QType.ORDERING, QType.LIKERT}:
        rows = [
            QuestionAnswer(
                text=choice.text,
                text_format=choice.text_format.value,
                fraction=_quantize(choice.fraction),
                feedback=choice.feedback,
                feedback_format=choice.feedback_format.value,
            )
            for choice in parsed.choices
        ]
    elif parsed.qtype == QType.SHORT_ANSWER:
        rows = [
            QuestionAnswer(
                text=answer.text,
                fraction=_quantize(answer.fraction),
                feedback=answer.feedback,
                feedback_format=answer.feedback_format.value,
            )
            for answer in parsed.short_answers
        ]
    elif parsed.qtype == QType.NUMERICAL:
        rows = [
            QuestionAnswer(
                value=_quantize(answer.value),
                tolerance=_quantize(answer.tolerance),
                fraction=_quantize(answer.fraction),
                feedback=answer.feedback,
                feedback_format=answer.feedback_format.value,
            )
            for answer in parsed.numerical_answers
        ]
    elif parsed.qtype == QType.MATCHING:
        rows = [
            QuestionAnswer(
                text=pair.question, text_format=pair.question_format.value, match_text=pair.answer
            )
            for pair in parsed.pairs
        ]
    for position, row in enumerate(rows):
        row.sort_order = position
    return rows


def _norm(value: Decimal) -> Decimal:
    return value.normalize() if value else Decimal(0)


def question_to_parsed(question: Question, answers, tags, category: str = "") -> ParsedQuestion:
    """The neutral form of a saved question, for export (``category`` relative path)."""
    qtype = QType(question.qtype)
    parsed = ParsedQuestion(
        qtype,
        name=question.name,
        text=question.text,
        text_format=TextFormat(question.text_format),
        general_feedback=question.general_feedback,
        general_feedback_format=TextFormat(question.general_feedback_format),
        category=category,
        tags=sorted(tags),
        idnumber=question.idnumber,
        shuffle=question.shuffle_answers,
        case_sensitive=question.case_sensitive,
        correct=question.correct_answer,
        feedback_true=question.feedback_true,
        feedback_true_format=TextFormat(question.feedback_true_format),
        feedback_false=question.feedback_false,
        feedback_false_format=TextFormat(question.feedback_false_format),
    )
    if qtype in {QType.SINGLE_CHOICE, QType.MULTIPLE_RESPONSE, QType.ORDERING, QType.LIKERT}:
        parsed.choices = [
            Choice(
                answer.text,
                _norm(answer.fraction),
                answer.feedback,
                TextFormat(answer.text_format),
                TextFormat(answer.feedback_format),
            )
            for answer in answers
        ]
    elif qtype == QType.SHORT_ANSWER:
        parsed.short_answers = [
            ShortAnswer(
                answer.text,
                _norm(answer.fraction),
                answer.feedback,
                TextFormat(answer.feedback_format),
            )
            for answer in answers
        ]
    elif qtype == QType.NUMERICAL:
        parsed.numerical_answers = [
            NumericalAnswer(
                None if answer.value is None else _norm(answer.value),
                _norm(answer.tolerance),
                _norm(answer.fraction),
                answer.feedback,
                TextFormat(answer.feedback_format),
            )
            for answer in answers
        ]
    elif qtype == QType.MATCHING:
        parsed.pairs = [
            MatchPair(answer.text, answer.match_text, TextFormat(answer.text_format))
            for answer in answers
        ]
    return parsed
