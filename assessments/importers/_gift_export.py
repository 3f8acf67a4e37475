"""GIFT export (see :func:`export_gift`); re-exported by :mod:`.gift`.

The output follows Moodle's own GIFT exporter, plus the guards that make every text
read back unchanged: a format prefix before texts starting with ``[`` or ``//``, an
explicit ``%0%`` weight before a choice starting with ``%``, and one ``=`` at most when
all choices are right (``{=a =b}`` would be a short answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._common import ONE, ZERO, format_decimal, percent
from .types import ParsedQuestion, QType, TextFormat

__all__ = ["GIFT_EXPORTABLE", "export_gift"]

#: The question types :func:`export_gift` can write.
GIFT_EXPORTABLE = frozenset(QType) - {QType.ORDERING, QType.LIKERT}


_ESCAPE_TABLE = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def _escape(text: str) -> str:
    return text.translate(_ESCAPE_TABLE)


def _rich(text: str, text_format: TextFormat, default: TextFormat, force: bool = False) -> str:
    """Text with a ``[format]`` prefix when needed; a text starting with ``[`` always gets
    one, so that it cannot be mistaken for a prefix."""
    prefix = force or text_format != default or text.startswith("[")
    return (f"[{text_format.value}]" if prefix else "") + _escape(text)


def _feedback(text: str, text_format: TextFormat, default: TextFormat) -> str:
    return "#" + _rich(text, text_format, default) if text else ""


def _choice_markers(question: ParsedQuestion) -> list[str]:
    markers = []
    for choice in question.choices:
        if question.qtype == QType.SINGLE_CHOICE and choice.fraction == ONE:
            markers.append("=")
        elif choice.fraction == ZERO:
            # A text like "%5% off" would otherwise be read as a weight.
            markers.append("~%0%" if choice.text.startswith("%") else "~")
        else:
            markers.append(f"~%{percent(choice.fraction)}%")
    if "=" in markers and not any(marker.startswith("~") for marker in markers):
        # Without a '~' Moodle reads "{=a =b}" as a short answer: keep one '=' only.
        markers = [markers[0]] + ["~%100%"] * (len(markers) - 1)
    return markers


def _answers(question: ParsedQuestion) -> list[str]:
    """The lines of the answer block of a question with choices, pairs or values."""
    default = question.text_format
    if question.qtype in {QType.SINGLE_CHOICE, QType.MULTIPLE_RESPONSE}:
        return [
            marker
            + _rich(choice.text, choice.text_format, default)
            + _feedback(choice.feedback, choice.feedback_format, default)
            for marker, choice in zip(_choice_markers(question), question.choices, strict=True)
        ]
    if question.qtype == QType.SHORT_ANSWER:
        return [
            "="
            + (
                f"%{percent(answer.fraction)}%"
                if answer.fraction != ONE or answer.text.startswith("%")
                else ""
            )
            + _rich(answer.text, TextFormat.MOODLE, TextFormat.MOODLE)
            + _feedback(answer.feedback, answer.feedback_format, default)
            for answer in question.short_answers
        ]
    if question.qtype == QType.MATCHING:
        return [
            "="
            + _rich(pair.question, pair.question_format, default)
            + " -> "
            + _escape(pair.answer)
            for pair in question.pairs
        ]
    lines = []
    values = question.numerical_answers
    for position, answer in enumerate(values):
        feedback = _feedback(answer.feedback, answer.feedback_format, default)
        if answer.value is None and answer.fraction == ZERO and position == len(values) - 1:
            lines.append("~#" + feedback[1:])
            continue
        weight = "" if answer.fraction == ONE else f"%{percent(answer.fraction)}%"
        if answer.value is None:
            value = "*"
        else:
            value = f"{format_decimal(answer.value)}:{format_decimal(answer.tolerance)}"
        lines.append(f"={weight}{value}{feedback}")
    return lines


def _write_question(question: ParsedQuestion) -> str:
    if question.qtype not in GIFT_EXPORTABLE:
        raise ValueError(f"GIFT cannot express {question.qtype.value} questions")
    out = []
    metadata = []
    if question.idnumber:
        metadata.append("[id:" + question.idnumber.replace("]", "\\]") + "]")
    metadata += ["[tag:" + tag.replace("]", "\\]") + "]" for tag in question.tags]
    if metadata:
        out.append("// " + " ".join(metadata) + "\n")
    if question.name:
        out.append("::" + _escape(question.name) + "::")
    # A nameless question must not start like a comment, nor be an empty block.
    guard = not question.name and (not question.text or question.text.startswith("//"))
    out.append(_rich(question.text, question.text_format, TextFormat.MOODLE, force=guard))
    if question.qtype == QType.DESCRIPTION:
        return "".join(out)
    general = ""
    if question.general_feedback:
        general = "####" + _rich(
            question.general_feedback, question.general_feedback_format, question.text_format
        )
    if question.qtype == QType.ESSAY:
        body = general
    elif question.qtype == QType.TRUE_FALSE:
        correct = bool(question.correct)
        right = (question.feedback_true, question.feedback_true_format)
        wrong = (question.feedback_false, question.feedback_false_format)
        if not correct:
            right, wrong = wrong, right
        body = "TRUE" if correct else "FALSE"
        if wrong[0] or right[0]:
            body += "#" + (_rich(wrong[0], wrong[1], question.text_format) if wrong[0] else "")
        if right[0]:
            body += "#" + _rich(right[0], right[1], question.text_format)
        body += general
    else:
        lines = _answers(question)
        if general:
            lines.append(general)
        body = (
            ("#" if question.qtype == QType.NUMERICAL else "")
            + "\n"
            + "".join(f"\t{line}\n" for line in lines)
        )
    return "".join(out) + "{" + body + "}"


def export_gift(questions: Iterable[ParsedQuestion]) -> str:
    """Write questions as GIFT that :func:`parse_gift` (and Moodle) read back.

    Category changes become ``$CATEGORY:`` lines. GIFT cannot express ordering and
    likert questions (:class:`ValueError`), a description's general feedback, answer
    shuffling or case sensitivity; ``->`` cannot appear in a short answer nor in the
    left side of a matching pair.
    """
    parts = []
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            parts.append("$CATEGORY: " + re.sub(r"[\r\n]+", " ", category))
        parts.append(_write_question(question))
    return "\n\n".join(parts) + "\n" if parts else ""
