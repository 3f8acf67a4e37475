"""A neutral, format-independent representation of imported questions.

Every parser in this package produces a list of :class:`ParsedQuestion` and every
exporter consumes one. The fields follow Moodle's question bank closely (fractions
from -1 to 1, one text format per rich-text field) so that files round-trip through
GIFT and Moodle XML without losing information.

Conventions:

* Text fields are stripped of surrounding whitespace, as Moodle's importers do.
* A *text format* is one of :class:`TextFormat`; the format of an empty text carries
  no meaning and parsers set it to the question's own format.
* ``fraction`` is a :class:`~decimal.Decimal`: ``1`` is full credit, ``0`` none and a
  negative value a penalty (multiple-response questions only).
* ``line`` is the 1-based source line where the question starts. It is excluded from
  equality so that a question compares equal after a round trip through a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.html import strip_tags

__all__ = [
    "Choice",
    "MatchPair",
    "NumericalAnswer",
    "ParsedQuestion",
    "QType",
    "ShortAnswer",
    "TextFormat",
]


class QType(StrEnum):
    """The question types of the neutral model."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    NUMERICAL = "numerical"
    MATCHING = "matching"
    ESSAY = "essay"
    DESCRIPTION = "description"
    # Only Moodle XML (qtype_ordering) produces ordering; no importer produces likert,
    # which exists in the LMS model for surveys.
    ORDERING = "ordering"
    LIKERT = "likert"


class TextFormat(StrEnum):
    """Moodle's four text formats, by the names GIFT uses for them."""

    MOODLE = "moodle"  # Moodle auto-format: HTML allowed, line breaks kept.
    HTML = "html"
    PLAIN = "plain"
    MARKDOWN = "markdown"


@dataclass
class Choice:
    """One option of a single-choice, multiple-response or ordering question.

    For ordering questions the choices are listed in their correct order and
    ``fraction`` is unused (0).
    """

    text: str
    fraction: Decimal = Decimal(0)
    feedback: str = ""
    text_format: TextFormat = TextFormat.MOODLE
    feedback_format: TextFormat = TextFormat.MOODLE


@dataclass
class ShortAnswer:
    """One accepted answer of a short-answer question (plain text, ``*`` is a wildcard)."""

    text: str
    fraction: Decimal = Decimal(1)
    feedback: str = ""
    feedback_format: TextFormat = TextFormat.MOODLE


@dataclass
class NumericalAnswer:
    """One accepted value of a numerical question: ``value`` ± ``tolerance``.

    A ``value`` of ``None`` is Moodle's ``*`` answer, which matches any other response
    (used to give feedback on wrong answers). A ``min..max`` range is stored as its
    midpoint with half the width as tolerance, as Moodle does.
    """

    value: Decimal | None
    tolerance: Decimal = Decimal(0)
    fraction: Decimal = Decimal(1)
    feedback: str = ""
    feedback_format: TextFormat = TextFormat.MOODLE


@dataclass
class MatchPair:
    """A matching sub-question and its answer; an empty ``question`` is a distractor."""

    question: str
    answer: str
    question_format: TextFormat = TextFormat.MOODLE


@dataclass
class ParsedQuestion:
    """A question read from (or to be written to) an interchange file.

    Only the fields of the question's ``qtype`` are meaningful:

    * single_choice / multiple_response / ordering: ``choices`` (+ ``shuffle``)
    * true_false: ``correct``, ``feedback_true``, ``feedback_false`` (the feedback shown
      when the student answers *true*, resp. *false*)
    * short_answer: ``short_answers``, ``case_sensitive``
    * numerical: ``numerical_answers``
    * matching: ``pairs`` (+ ``shuffle``)
    * essay, description: no extra field

    ``category`` is the question-bank category path as written in the file, with ``/``
    between levels (e.g. ``$course$/top/Unit 1``); ``""`` means "no category given".
    """

    qtype: QType
    name: str = ""
    text: str = ""
    text_format: TextFormat = TextFormat.MOODLE
    general_feedback: str = ""
    general_feedback_format: TextFormat = TextFormat.MOODLE
    line: int = field(default=0, compare=False)
    category: str = ""
    tags: list[str] = field(default_factory=list)
    idnumber: str = ""
    choices: list[Choice] = field(default_factory=list)
    shuffle: bool = True
    correct: bool | None = None
    feedback_true: str = ""
    feedback_true_format: TextFormat = TextFormat.MOODLE
    feedback_false: str = ""
    feedback_false_format: TextFormat = TextFormat.MOODLE
    short_answers: list[ShortAnswer] = field(default_factory=list)
    case_sensitive: bool = False
    numerical_answers: list[NumericalAnswer] = field(default_factory=list)
    pairs: list[MatchPair] = field(default_factory=list)
    #: The description of ``category`` (Moodle XML ``<info>``), if the file gave one.
    category_info: str = field(default="", compare=False)
    #: What the reader read differently from the letter of the file, as Moodle does
    #: (e.g. ``~=``), as :class:`~assessments.importers.errors.Problem` notices.
    notes: list = field(default_factory=list, compare=False, repr=False)
    #: The other language variants of a multilingual file, as translation texts
    #: (``importers.languages``); ``None`` until they are looked for.
    translations: dict | None = field(default=None, compare=False, repr=False)

    @property
    def display_name(self) -> str:
        """The name, or (like Moodle) the start of the text when the file gave none."""
        if self.name:
            return self.name
        words = " ".join(strip_tags(self.text).split())
        return words if len(words) <= 80 else words[:79].rstrip() + "…"
