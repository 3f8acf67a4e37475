"""Moodle XML import and export, following Moodle's ``qformat_xml``.

The file is parsed with ``defusedxml`` and any DTD is refused, which rules out entity
expansion ("billion laughs") and external entities (XXE). Supported question types:
category (with its ``<info>`` description), multichoice, multichoiceset (read as a
multiple-response question whose right answers share the credit), truefalse,
shortanswer, numerical, matching (or match), essay, description and ordering
(qtype_ordering); every other type is reported, question by question, with its line,
number and name, as an *unsupported* problem that the caller may choose to skip.
Attached files, hints, combined feedback, units, essay response
settings and grades are not part of the neutral model and are ignored on import; a
missing ``<name>`` reads as ``""`` (see ``ParsedQuestion.display_name``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ._common import HUNDRED, ONE, ZERO, add_checked, format_decimal, parse_number, percent
from .errors import Problem, QuestionImportError
from .types import (
    Choice,
    MatchPair,
    NumericalAnswer,
    ParsedQuestion,
    QType,
    ShortAnswer,
    TextFormat,
)

__all__ = ["MOODLE_XML_EXPORTABLE", "export_moodle_xml", "parse_moodle_xml"]

MSG_SYNTAX = _("the file is not well-formed XML: %(detail)s")
MSG_FORBIDDEN = _("the file declares a DTD or entities, which are refused for security reasons")
MSG_NOT_QUIZ = _("the root element is <%(tag)s>, not <quiz>")
MSG_NO_TYPE = _("the question has no type")
MSG_UNSUPPORTED = _("question type '%(type)s' is not supported")
MSG_CLOZE = _("embedded-answer (Cloze) questions are not supported")
MSG_BAD_FRACTION = _("'%(value)s' is not a valid fraction")
MSG_NOT_A_NUMBER = _("'%(value)s' is not a number")
MSG_NO_TRUE_FALSE = _("a true/false question needs its 'true' and 'false' answers")

_FORMAT_NAMES = {
    "moodle_auto_format": TextFormat.MOODLE,
    "html": TextFormat.HTML,
    "plain_text": TextFormat.PLAIN,
    "markdown": TextFormat.MARKDOWN,
    "wiki_like": TextFormat.MOODLE,  # Moodle's retired wiki format, shown like auto-format.
}
_FORMAT_OUT = {
    TextFormat.MOODLE: "moodle_auto_format",
    TextFormat.HTML: "html",
    TextFormat.PLAIN: "plain_text",
    TextFormat.MARKDOWN: "markdown",
}
_INVALID_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: The question types :func:`export_moodle_xml` can write.
MOODLE_XML_EXPORTABLE = frozenset(QType) - {QType.LIKERT}


class _Invalid(Exception):
    """A problem that makes the current question unusable."""

    def __init__(self, message: Promise | str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class _LineTreeBuilder(TreeBuilder):
    """Records the line where each element starts (ElementTree does not keep it)."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[Element, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def _format(name: str | None, default: TextFormat) -> TextFormat:
    if name is None:
        return default
    # Like Moodle, an unknown format name is taken to be HTML.
    return _FORMAT_NAMES.get(name.strip(), TextFormat.HTML)


def _text(element: Element | None) -> str:
    """The stripped content of the ``<text>`` child, as Moodle's getpath(..., true)."""
    if element is None:
        return ""
    return (element.findtext("text") or "").strip()


def _rich(element: Element | None, default: TextFormat) -> tuple[str, TextFormat]:
    if element is None:
        return "", default
    return _text(element), _format(element.get("format"), default)


def _flag(value: str | None, default: bool) -> bool:
    """Moodle's trans_single: "false", "0" and "" are false, anything else true."""
    if value is None:
        return default
    return value.strip() not in {"", "0", "false"}


def _fraction(answer: Element) -> Decimal:
    raw = answer.get("fraction", "0")
    value = parse_number(raw)
    if value is None:
        raise _Invalid(MSG_BAD_FRACTION, value=raw)
    return value / HUNDRED


def _header(element: Element, qtype: QType, category: str, line: int) -> ParsedQuestion:
    text, text_format = _rich(element.find("questiontext"), TextFormat.HTML)
    feedback, feedback_format = _rich(element.find("generalfeedback"), text_format)
    return ParsedQuestion(
        qtype,
        name=_text(element.find("name")),
        text=text,
        text_format=text_format,
        general_feedback=feedback,
        general_feedback_format=feedback_format if feedback else text_format,
        line=line,
        category=category,
        tags=[tag for tag in (_text(t) for t in element.findall("tags/tag")) if tag],
        idnumber=(element.findtext("idnumber") or "").strip(),
    )


def _feedback(answer: Element, default: TextFormat) -> tuple[str, TextFormat]:
    text, text_format = _rich(answer.find("feedback"), default)
    return text, text_format if text else default


def _read_multichoice(element: Element, question: ParsedQuestion) -> None:
    single = _flag(element.findtext("single"), True)
    question.qtype = QType.SINGLE_CHOICE if single else QType.MULTIPLE_RESPONSE
    question.shuffle = _flag(element.findtext("shuffleanswers"), False)
    default = question.text_format
    for answer in element.findall("answer"):
        text, text_format = _rich(answer, default)
        feedback, feedback_format = _feedback(answer, default)
        question.choices.append(
            Choice(text, _fraction(answer), feedback, text_format, feedback_format)
        )


def _read_multichoiceset(element: Element, question: ParsedQuestion) -> None:
    """qtype_multichoiceset ("all or nothing"): right answers are those with credit."""
    question.qtype = QType.MULTIPLE_RESPONSE
    question.shuffle = _flag(element.findtext("shuffleanswers"), False)
    default = question.text_format
    answers = element.findall("answer")
    right = [answer for answer in answers if _fraction(answer) > ZERO]
    share = (ONE / len(right)).quantize(Decimal("0.0000001")) if right else ZERO
    for answer in answers:
        text, text_format = _rich(answer, default)
        feedback, feedback_format = _feedback(answer, default)
        fraction = share if answer in right else ZERO
        question.choices.append(Choice(text, fraction, feedback, text_format, feedback_format))


def _read_ordering(element: Element, question: ParsedQuestion) -> None:
    # qtype_ordering stores each item's position in its "fraction".
    answers = [
        (_fraction(answer), index, answer) for index, answer in enumerate(element.findall("answer"))
    ]
    for _position, _index, answer in sorted(answers, key=lambda item: (item[0], item[1])):
        text, text_format = _rich(answer, question.text_format)
        question.choices.append(Choice(text, ZERO, "", text_format, question.text_format))


def _read_true_false(element: Element, question: ParsedQuestion) -> None:
    default = question.text_format
    seen = set()
    for position, answer in enumerate(element.findall("answer")):
        which = _text(answer)
        if which not in {"true", "false"}:  # Old files: true first, then false.
            which = "true" if position == 0 else "false"
        seen.add(which)
        full = _fraction(answer) == ONE
        feedback, feedback_format = _feedback(answer, default)
        if which == "true":
            question.correct = full
            question.feedback_true, question.feedback_true_format = feedback, feedback_format
        else:
            question.correct = not full
            question.feedback_false, question.feedback_false_format = feedback, feedback_format
    if seen != {"true", "false"}:
        raise _Invalid(MSG_NO_TRUE_FALSE)


def _read_short_answer(element: Element, question: ParsedQuestion) -> None:
    question.case_sensitive = _flag(element.findtext("usecase"), False)
    for answer in element.findall("answer"):
        question.short_answers.append(
            ShortAnswer(_text(answer), _fraction(answer), *_feedback(answer, question.text_format))
        )


def _read_numerical(element: Element, question: ParsedQuestion) -> None:
    for answer in element.findall("answer"):
        raw = _text(answer)
        value = None
        if raw not in {"", "*"}:
            value = parse_number(raw)
            if value is None:
                raise _Invalid(MSG_NOT_A_NUMBER, value=raw)
        raw_tolerance = (answer.findtext("tolerance") or "0").strip() or "0"
        tolerance = parse_number(raw_tolerance)
        if tolerance is None:
            raise _Invalid(MSG_NOT_A_NUMBER, value=raw_tolerance)
        fraction = _fraction(answer)
        legacy = parse_number(answer.findtext("fraction") or "")  # Deprecated, already 0..1.
        if legacy is not None:
            fraction = legacy
        question.numerical_answers.append(
            NumericalAnswer(value, tolerance, fraction, *_feedback(answer, question.text_format))
        )


def _read_matching(element: Element, question: ParsedQuestion) -> None:
    question.shuffle = _flag(element.findtext("shuffleanswers"), True)
    for sub in element.findall("subquestion"):
        text, text_format = _rich(sub, question.text_format)
        answer = _text(sub.find("answer"))
        if text or answer:  # Moodle drops empty rows.
            question.pairs.append(
                MatchPair(text, answer, text_format if text else question.text_format)
            )


_READERS: dict[str, tuple[QType, Callable[[Element, ParsedQuestion], None] | None]] = {
    "multichoice": (QType.SINGLE_CHOICE, _read_multichoice),
    "multichoiceset": (QType.MULTIPLE_RESPONSE, _read_multichoiceset),
    "truefalse": (QType.TRUE_FALSE, _read_true_false),
    "shortanswer": (QType.SHORT_ANSWER, _read_short_answer),
    "numerical": (QType.NUMERICAL, _read_numerical),
    "matching": (QType.MATCHING, _read_matching),
    "match": (QType.MATCHING, _read_matching),
    "ordering": (QType.ORDERING, _read_ordering),
    "essay": (QType.ESSAY, None),
    "description": (QType.DESCRIPTION, None),
}


def _parse_tree(data: str | bytes) -> tuple[Element, dict[Element, int]]:
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 1
        problem = Problem(line, MSG_SYNTAX, {"detail": ErrorString(error.code)})
        raise QuestionImportError([problem]) from None
    except DefusedXmlException:
        problem = Problem(parser.parser.CurrentLineNumber, MSG_FORBIDDEN)
        raise QuestionImportError([problem]) from None
    return root, builder.lines


def parse_moodle_xml(data: str | bytes) -> list[ParsedQuestion]:
    """Read a Moodle XML file (text, or bytes in the encoding its declaration names).

    Returns the questions in file order. Raises :class:`QuestionImportError` listing
    every problem of the file (its ``questions`` holds the questions read cleanly).
    """
    root, lines = _parse_tree(data)
    if root.tag != "quiz":
        raise QuestionImportError([Problem(lines.get(root, 1), MSG_NOT_QUIZ, {"tag": root.tag})])
    questions: list[ParsedQuestion] = []
    problems: list[Problem] = []
    category, category_info = "", ""
    number = 0
    for element in root.findall("question"):
        line = lines.get(element, 1)
        qtype = (element.get("type") or "").strip()
        if qtype == "category":
            category = _text(element.find("category"))
            category_info = _text(element.find("info"))
            continue
        number += 1
        if qtype not in _READERS:
            if not qtype:
                problems.append(Problem(line, MSG_NO_TYPE))
                continue
            unsupported = {"number": number, "type": qtype, "name": _text(element.find("name"))}
            if qtype in {"cloze", "multianswer"}:
                problems.append(Problem(line, MSG_CLOZE, unsupported=unsupported))
            else:
                problems.append(
                    Problem(line, MSG_UNSUPPORTED, {"type": qtype}, unsupported=unsupported)
                )
            continue
        neutral_type, reader = _READERS[qtype]
        question = _header(element, neutral_type, category, line)
        question.category_info = category_info
        try:
            if reader is not None:
                reader(element, question)
        except _Invalid as invalid:
            problems.append(Problem(line, invalid.message, invalid.params))
            continue
        add_checked(question, questions, problems)
    if problems:
        raise QuestionImportError(problems, questions)
    return questions


# --- Export -------------------------------------------------------------------------


def _cdata(text: str) -> str:
    """Text for an XML element: CDATA when it has markup characters, as Moodle writes."""
    text = _INVALID_XML_CHARS.sub("", text)
    if not any(char in text for char in "<>&"):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text_element(tag: str, text: str, text_format: TextFormat | None, indent: str) -> str:
    attribute = f' format="{_FORMAT_OUT[text_format]}"' if text_format is not None else ""
    return f"{indent}<{tag}{attribute}>\n{indent}  <text>{_cdata(text)}</text>\n{indent}</{tag}>\n"


def _answer(
    fraction: Decimal,
    text: str,
    text_format: TextFormat,
    feedback: str,
    feedback_format: TextFormat,
    extra: str = "",
) -> str:
    return (
        f'    <answer fraction="{percent(fraction)}" format="{_FORMAT_OUT[text_format]}">\n'
        f"      <text>{_cdata(text)}</text>\n"
        + extra
        + _text_element("feedback", feedback, feedback_format, "      ")
        + "    </answer>\n"
    )


def _specific(question: ParsedQuestion) -> str:
    """The type-specific part of a question."""
    qtype = question.qtype
    out = ""
    if qtype in {QType.SINGLE_CHOICE, QType.MULTIPLE_RESPONSE}:
        single = "true" if qtype == QType.SINGLE_CHOICE else "false"
        out += f"    <single>{single}</single>\n"
        out += f"    <shuffleanswers>{str(question.shuffle).lower()}</shuffleanswers>\n"
        out += "    <answernumbering>abc</answernumbering>\n"
        for c in question.choices:
            out += _answer(c.fraction, c.text, c.text_format, c.feedback, c.feedback_format)
    elif qtype == QType.ORDERING:
        for position, c in enumerate(question.choices, start=1):
            out += _answer(Decimal(position), c.text, c.text_format, "", question.text_format)
    elif qtype == QType.TRUE_FALSE:
        correct = bool(question.correct)
        out += _answer(
            ONE if correct else ZERO,
            "true",
            TextFormat.MOODLE,
            question.feedback_true,
            question.feedback_true_format,
        )
        out += _answer(
            ZERO if correct else ONE,
            "false",
            TextFormat.MOODLE,
            question.feedback_false,
            question.feedback_false_format,
        )
    elif qtype == QType.SHORT_ANSWER:
        out += f"    <usecase>{int(question.case_sensitive)}</usecase>\n"
        for accepted in question.short_answers:
            out += _answer(
                accepted.fraction,
                accepted.text,
                TextFormat.MOODLE,
                accepted.feedback,
                accepted.feedback_format,
            )
    elif qtype == QType.NUMERICAL:
        for a in question.numerical_answers:
            value = "*" if a.value is None else format_decimal(a.value)
            tolerance = f"      <tolerance>{format_decimal(a.tolerance)}</tolerance>\n"
            out += _answer(
                a.fraction, value, TextFormat.MOODLE, a.feedback, a.feedback_format, tolerance
            )
    elif qtype == QType.MATCHING:
        out += f"    <shuffleanswers>{str(question.shuffle).lower()}</shuffleanswers>\n"
        for pair in question.pairs:
            out += (
                f'    <subquestion format="{_FORMAT_OUT[pair.question_format]}">\n'
                f"      <text>{_cdata(pair.question)}</text>\n"
                f"      <answer>\n        <text>{_cdata(pair.answer)}</text>\n      </answer>\n"
                "    </subquestion>\n"
            )
    elif qtype == QType.ESSAY:
        out += "    <responseformat>editor</responseformat>\n"
        out += "    <responserequired>1</responserequired>\n"
        out += "    <responsefieldlines>15</responsefieldlines>\n"
    return out


_XML_TYPES = {
    QType.SINGLE_CHOICE: "multichoice",
    QType.MULTIPLE_RESPONSE: "multichoice",
    QType.TRUE_FALSE: "truefalse",
    QType.SHORT_ANSWER: "shortanswer",
    QType.NUMERICAL: "numerical",
    QType.MATCHING: "matching",
    QType.ESSAY: "essay",
    QType.DESCRIPTION: "description",
    QType.ORDERING: "ordering",
}


def _write_question(question: ParsedQuestion) -> str:
    if question.qtype not in MOODLE_XML_EXPORTABLE:
        raise ValueError(f"Moodle XML cannot express {question.qtype.value} questions")
    out = f'  <question type="{_XML_TYPES[question.qtype]}">\n'
    out += _text_element("name", question.name, None, "    ")
    out += _text_element("questiontext", question.text, question.text_format, "    ")
    out += _text_element(
        "generalfeedback", question.general_feedback, question.general_feedback_format, "    "
    )
    grade = "0" if question.qtype == QType.DESCRIPTION else "1"
    out += f"    <defaultgrade>{grade}</defaultgrade>\n"
    out += f"    <idnumber>{_cdata(question.idnumber)}</idnumber>\n"
    out += _specific(question)
    if question.tags:
        out += "    <tags>\n"
        out += "".join(f"      <tag><text>{_cdata(tag)}</text></tag>\n" for tag in question.tags)
        out += "    </tags>\n"
    return out + "  </question>\n"


def export_moodle_xml(questions: Iterable[ParsedQuestion]) -> str:
    """Write questions as Moodle XML that :func:`parse_moodle_xml` (and Moodle) read back.

    Category changes become ``<question type="category">`` entries. Characters that
    XML 1.0 cannot carry (most control characters) are dropped; likert questions raise
    :class:`ValueError`.
    """
    out = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            out += '  <question type="category">\n'
            out += f"    <category>\n      <text>{_cdata(category)}</text>\n    </category>\n"
            if question.category_info:
                out += _text_element("info", question.category_info, TextFormat.HTML, "    ")
            out += "  </question>\n"
        out += _write_question(question)
    return out + "</quiz>\n"
