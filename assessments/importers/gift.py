"""GIFT import and export, following Moodle's own importer (``qformat_gift``).

The reading rules are Moodle's: questions are separated by blank lines; ``//`` lines
are comments whose ``[id:…]`` and ``[tag:…]`` apply to the question of their block;
``$CATEGORY: path`` sets the category of the questions after it; ``::name::`` names a
question; ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]`` set a text format; the
answers sit between the first ``{`` and the next ``}`` and their content decides the
type; ``\\`` escapes ``: # = { } ~``, ``\\n`` is a line break and ``\\\\`` a backslash.

Like Moodle, every line is trimmed before it is read (so a file re-exported by either
side reads back the same), and ``~=answer`` in a choice block is read as a correct
answer (Moodle sees an empty option followed by a correct one, and drops the empty
option); the question carries a note saying so.

Where this reader deliberately differs from Moodle:

* a ``$CATEGORY:`` line may be followed by a question in the same block;
* mistakes Moodle would import silently are reported instead: text after ``~`` in a
  numerical question, a second answer block, an unclosed ``::`` title, and the checks
  of Moodle's question forms (see ``_common.check_question``);
* embedded-answer (Cloze) syntax such as ``{1:MC:…}`` is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ._common import HUNDRED, ONE, ZERO, add_checked, parse_number
from ._gift_export import GIFT_EXPORTABLE, export_gift
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

__all__ = ["GIFT_EXPORTABLE", "export_gift", "iter_gift", "parse_gift", "text_lines"]

MSG_CLOZE = _("embedded-answer (Cloze) syntax is not GIFT")
MSG_NOT_CLOSED = _("'{' is never closed")
MSG_UNMATCHED_CLOSE = _("'}' has no matching '{'")
MSG_SECOND_BLOCK = _("a question can have only one answer block '{…}'")
MSG_TITLE_NOT_CLOSED = _("the '::' of the question name is never closed")
MSG_NOT_A_NUMBER = _("'%(value)s' is not a number")
MSG_RANGE_ORDER = _("in the range '%(value)s' the minimum is greater than the maximum")
MSG_NUMERICAL_TILDE = _(
    "in a numerical question '~' can only introduce the feedback for other answers ('~#…')"
)
MSG_MATCH_FORMAT = _("a matching pair must look like '=question -> answer'")
NOTE_TILDE_EQUALS = _("'~=' read as a correct answer, as Moodle does")

BLANK = "_____"
_ESCAPABLE = ":#={}~"
_FORMATS = {fmt.value: fmt for fmt in TextFormat}
_WEIGHT_RE = re.compile(r"%(-?(?:\d+(?:\.\d*)?|\.\d+))%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_CLOZE_TYPES = (
    "SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|NUMERICAL|NM|MULTICHOICE|MC|MULTICHOICE_V|MCV"
    "|MULTICHOICE_H|MCH|MULTIRESPONSE|MR|MULTIRESPONSE_H|MRH|MULTICHOICE_S|MCS"
    "|MULTICHOICE_VS|MCVS|MULTICHOICE_HS|MCHS|MULTIRESPONSE_S|MRS|MULTIRESPONSE_HS|MRHS"
)
_CLOZE_RE = re.compile(r"\{\s*\d*\s*:\s*(?:" + _CLOZE_TYPES + r")\s*:", re.IGNORECASE)
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])+)\]")


_CHARACTER_SETS: dict[str, re.Pattern[str]] = {}


@dataclass(frozen=True, slots=True)
class _Src:
    """Unescaped question text that remembers which characters were escaped.

    Control characters only count where they were not escaped, and every character
    knows its source line, so problems can point at the right line.
    """

    chars: str
    literal: tuple[bool, ...]
    lines: tuple[int, ...]
    fallback_line: int

    @classmethod
    def from_lines(cls, numbered: list[tuple[int, str]]) -> _Src:
        chars: list[str] = []
        literal: list[bool] = []
        lines: list[int] = []
        for index, (number, raw) in enumerate(numbered):
            if index:
                chars.append("\n")
                literal.append(False)
                lines.append(number)
            if "\\" not in raw:  # The common case: nothing escaped, copy the line whole.
                chars.append(raw)
                literal.extend([False] * len(raw))
                lines.extend([number] * len(raw))
                continue
            position = 0
            while position < len(raw):
                char = raw[position]
                following = raw[position + 1 : position + 2]
                if char == "\\" and following and (following in _ESCAPABLE or following in "\\n"):
                    chars.append("\n" if following == "n" else following)
                    literal.append(True)
                    position += 2
                else:
                    chars.append(char)
                    literal.append(False)
                    position += 1
                lines.append(number)
        return cls("".join(chars), tuple(literal), tuple(lines), numbered[0][0])

    def __getitem__(self, item: slice) -> _Src:
        start = item.start or 0
        fallback = self.lines[start] if start < len(self.lines) else self.fallback_line
        return _Src(self.chars[item], self.literal[item], self.lines[item], fallback)

    def __bool__(self) -> bool:
        return bool(self.chars)

    @property
    def line(self) -> int:
        """The line of the first character."""
        return self.lines[0] if self.lines else self.fallback_line

    def line_at(self, index: int) -> int:
        return self.lines[index]

    def _is_control(self, index: int, length: int) -> bool:
        return not any(self.literal[index : index + length])

    def find(self, sub: str, start: int = 0) -> int:
        """The index of the first unescaped ``sub`` at or after ``start``, or -1."""
        index = self.chars.find(sub, start)
        while index != -1 and not self._is_control(index, len(sub)):
            index = self.chars.find(sub, index + 1)
        return index

    def rfind(self, sub: str) -> int:
        """The index of the last unescaped ``sub``, or -1."""
        index = self.chars.rfind(sub)
        while index != -1 and not self._is_control(index, len(sub)):
            index = self.chars.rfind(sub, 0, index + len(sub) - 1)
        return index

    def positions(self, characters: str) -> list[int]:
        """The indexes of the unescaped occurrences of any of ``characters``."""
        pattern = _CHARACTER_SETS.get(characters)
        if pattern is None:
            pattern = _CHARACTER_SETS[characters] = re.compile(f"[{re.escape(characters)}]")
        literal = self.literal
        return [m.start() for m in pattern.finditer(self.chars) if not literal[m.start()]]

    def startswith(self, prefix: str) -> bool:
        return self.chars.startswith(prefix) and self._is_control(0, len(prefix))

    def strip(self) -> _Src:
        start, end = 0, len(self.chars)
        while start < end and self.chars[start].isspace():
            start += 1
        while end > start and self.chars[end - 1].isspace():
            end -= 1
        return self[start:end]

    def split_at(self, characters: str) -> list[tuple[str | None, _Src]]:
        """Cut at each unescaped separator, pairing each piece with the one before it."""
        pieces: list[tuple[str | None, _Src]] = []
        marker: str | None = None
        previous = 0
        for index in self.positions(characters):
            pieces.append((marker, self[previous:index]))
            marker, previous = self.chars[index], index + 1
        pieces.append((marker, self[previous:]))
        return pieces


def _with_format(text: str, default: TextFormat) -> tuple[str, TextFormat]:
    """Moodle's parse_text_with_format: strip a leading ``[format]`` and the whitespace."""
    text = text.strip()
    if text.startswith("["):
        close = text.find("]")
        if close != -1 and text[1:close] in _FORMATS:
            return text[close + 1 :].strip(), _FORMATS[text[1:close]]
    return text, default


def _part(text: str, default: TextFormat) -> tuple[str, TextFormat]:
    """A feedback or sub-question: like :func:`_with_format`, but an empty text keeps the
    question's format (the format of nothing means nothing)."""
    text, text_format = _with_format(text, default)
    return text, text_format if text else default


def _split_feedback(src: _Src) -> tuple[_Src, _Src | None]:
    """Moodle's commentparser: the answer before the first ``#``, the feedback after it."""
    hash_at = src.find("#")
    if hash_at == -1:
        return src, None
    return src[:hash_at], src[hash_at + 1 :]


def _weight(src: _Src) -> tuple[Decimal | None, _Src]:
    """A leading ``%n%`` weight as a fraction, and the rest of the answer."""
    src = src.strip()
    match = _WEIGHT_RE.match(src.chars)
    if not match:
        return None, src
    return Decimal(match.group(1)) / HUNDRED, src[match.end() :]


def _comment_metadata(comments: list[str]) -> tuple[str, list[str]]:
    """The ``[id:…]`` and ``[tag:…]`` of a question's comment lines (``\\]`` escapes ``]``)."""
    text = "\n".join(comments)
    match = _ID_RE.search(text)
    idnumber = match.group(1).strip().replace("\\]", "]") if match else ""
    tags = [raw.strip().replace("\\]", "]") for raw in _TAG_RE.findall(text)]
    return idnumber, [tag for tag in tags if tag]


def text_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (any line ending, a leading byte-order mark dropped)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return iter(text.split("\n"))


def _blocks(lines: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
    """The blank-line separated blocks of the file, as numbered lines."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if number == 1:
            line = line.removeprefix("\ufeff")
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


class _Reader:
    """Reads one file, collecting questions and problems."""

    def __init__(self) -> None:
        self.category = ""
        self.questions: list[ParsedQuestion] = []
        self.problems: list[Problem] = []

    def problem(self, line: int, message: Promise | str, **params: object) -> None:
        self.problems.append(Problem(line, message, params))

    def read_block(self, block: list[tuple[int, str]]) -> None:
        comments = [line.strip() for _n, line in block if line.strip().startswith("//")]
        content = [(n, line) for n, line in block if not line.strip().startswith("//")]
        if content and content[0][1].strip().startswith("$CATEGORY:"):
            self.category = content[0][1].strip()[len("$CATEGORY:") :].strip()
            content = content[1:]
        if not content:
            return
        idnumber, tags = _comment_metadata(comments)
        # Moodle trims every line before joining them.
        content = [(n, line.strip()) for n, line in content]
        question = self.read_question(_Src.from_lines(content).strip())
        if question is not None:
            question.idnumber, question.tags = idnumber, tags
            add_checked(question, self.questions, self.problems)

    def find_cloze(self, src: _Src) -> int | None:
        for match in _CLOZE_RE.finditer(src.chars):
            if all(
                not src.literal[index]
                for index in range(match.start(), match.end())
                if src.chars[index] in "{:"
            ):
                return match.start()
        return None

    def read_question(self, src: _Src) -> ParsedQuestion | None:
        line = src.line
        cloze_at = self.find_cloze(src)
        if cloze_at is not None:
            self.problem(src.line_at(cloze_at), MSG_CLOZE)
            return None
        name = ""
        if src.startswith("::"):
            name_end = src.find("::", 2)
            if name_end == -1:
                self.problem(line, MSG_TITLE_NOT_CLOSED)
                return None
            name = src[2:name_end].chars.strip()
            src = src[name_end + 2 :].strip()
        opens, closes = src.positions("{"), src.positions("}")
        if not opens and not closes:
            text, text_format = _with_format(src.chars, TextFormat.MOODLE)
            return ParsedQuestion(
                QType.DESCRIPTION,
                name=name,
                text=text,
                text_format=text_format,
                general_feedback_format=text_format,
                line=line,
                category=self.category,
            )
        if closes and (not opens or closes[0] < opens[0]):
            self.problem(src.line_at(closes[0]), MSG_UNMATCHED_CLOSE)
            return None
        start = opens[0]
        end = next((index for index in closes if index > start), None)
        if end is None or (len(opens) > 1 and opens[1] < end):
            self.problem(src.line_at(start), MSG_NOT_CLOSED)
            return None
        extra = sorted(index for index in opens + closes if index > end)
        if extra:
            message = MSG_SECOND_BLOCK if src.chars[extra[0]] == "{" else MSG_UNMATCHED_CLOSE
            self.problem(src.line_at(extra[0]), message)
            return None

        # Moodle: answers at the very end are simply removed, elsewhere they leave a blank.
        after = src[end + 1 :].chars
        question_text = src[:start].chars + (BLANK + after if after.strip() else "")
        text, text_format = _with_format(question_text, TextFormat.MOODLE)
        question = ParsedQuestion(
            QType.ESSAY,
            name=name,
            text=text,
            text_format=text_format,
            general_feedback_format=text_format,
            line=line,
            category=self.category,
        )
        answers = src[start + 1 : end].strip()
        feedback_at = answers.rfind("####")
        if feedback_at != -1:
            feedback = answers[feedback_at + 4 :].chars
            question.general_feedback, question.general_feedback_format = _part(
                feedback, text_format
            )
            answers = answers[:feedback_at].strip()
        return self.read_answers(question, answers)

    def read_answers(self, question: ParsedQuestion, answers: _Src) -> ParsedQuestion | None:
        """Decide the type from the answer block, exactly in Moodle's order."""
        if not answers:
            return question  # essay
        if answers.startswith("#"):
            return self.read_numerical(question, answers[1:])
        if answers.find("~") != -1:
            return self.read_choices(question, answers)
        if answers.find("=") != -1 and answers.find("->") != -1:
            return self.read_matching(question, answers)
        hash_at = answers.find("#")
        keyword = answers[:hash_at].chars.strip() if hash_at > 0 else answers.chars
        if keyword in _TRUE_FALSE:
            return self.read_true_false(question, answers)
        return self.read_short_answer(question, answers)

    def read_choices(self, question: ParsedQuestion, answers: _Src) -> ParsedQuestion:
        pieces = answers.split_at("~=")
        if not pieces[0][1].strip():
            pieces = pieces[1:]
        # Without any '=' no choice is the single right one: Moodle makes it multi-answer.
        single = any(marker == "=" for marker, _piece in pieces)
        question.qtype = QType.SINGLE_CHOICE if single else QType.MULTIPLE_RESPONSE
        default = question.text_format
        kept = []
        for index, (marker, piece) in enumerate(pieces):
            following = pieces[index + 1][0] if index + 1 < len(pieces) else None
            if marker == "~" and not piece.strip() and following == "=":
                # "~=answer": Moodle reads an empty option, then drops it when saving.
                question.notes.append(Problem(pieces[index + 1][1].line, NOTE_TILDE_EQUALS))
                continue
            kept.append((marker, piece))
        for marker, piece in kept:
            if marker == "=":
                fraction: Decimal | None = ONE
            else:
                fraction, piece = _weight(piece)
            body, feedback = _split_feedback(piece)
            text, text_format = _with_format(body.chars, default)
            feedback_text, feedback_format = _part(feedback.chars if feedback else "", default)
            question.choices.append(
                Choice(text, fraction or ZERO, feedback_text, text_format, feedback_format)
            )
        return question

    def read_matching(self, question: ParsedQuestion, answers: _Src) -> ParsedQuestion | None:
        question.qtype = QType.MATCHING
        pieces = [piece for _marker, piece in answers.split_at("=")]
        if not pieces[0].strip():
            pieces = pieces[1:]
        valid = True
        for piece in pieces:
            arrow = piece.find("->")
            if arrow == -1:
                self.problem(piece.strip().line, MSG_MATCH_FORMAT)
                valid = False
                continue
            sub_text, sub_format = _part(piece[:arrow].chars, question.text_format)
            question.pairs.append(MatchPair(sub_text, piece[arrow + 2 :].chars.strip(), sub_format))
        return question if valid else None

    def read_true_false(self, question: ParsedQuestion, answers: _Src) -> ParsedQuestion:
        # "{TRUE#wrong#right}": the first feedback is for the wrong answer (Moodle's rule).
        hashes = answers.positions("#")[:2]
        bounds = [-1, *hashes, len(answers.chars)]
        parts = [answers[bounds[i] + 1 : bounds[i + 1]].chars for i in range(len(bounds) - 1)]
        parts += [""] * (3 - len(parts))
        correct = _TRUE_FALSE[parts[0].strip()]
        default = question.text_format
        wrong, wrong_format = _part(parts[1], default)
        right, right_format = _part(parts[2], default)
        question.qtype = QType.TRUE_FALSE
        question.correct = correct
        if correct:
            question.feedback_true, question.feedback_true_format = right, right_format
            question.feedback_false, question.feedback_false_format = wrong, wrong_format
        else:
            question.feedback_true, question.feedback_true_format = wrong, wrong_format
            question.feedback_false, question.feedback_false_format = right, right_format
        return question

    def read_short_answer(self, question: ParsedQuestion, answers: _Src) -> ParsedQuestion:
        question.qtype = QType.SHORT_ANSWER
        pieces = [piece for _marker, piece in answers.split_at("=")]
        if not pieces[0].strip():
            pieces = pieces[1:]
        for piece in pieces:
            fraction, rest = _weight(piece)
            body, feedback = _split_feedback(rest)
            text, _format = _with_format(body.chars, question.text_format)
            feedback_text, feedback_format = _part(
                feedback.chars if feedback else "", question.text_format
            )
            question.short_answers.append(
                ShortAnswer(
                    text, ONE if fraction is None else fraction, feedback_text, feedback_format
                )
            )
        return question

    def read_numerical(self, question: ParsedQuestion, answers: _Src) -> ParsedQuestion | None:
        question.qtype = QType.NUMERICAL
        other: _Src | None = None
        tilde = answers.find("~")
        if tilde != -1:
            answers, other = answers[:tilde], answers[tilde + 1 :]
        pieces = [piece for _marker, piece in answers.split_at("=")]
        if not pieces[0].strip():
            pieces = pieces[1:]
        valid = True
        for piece in pieces:
            fraction, rest = _weight(piece)
            body, feedback = _split_feedback(rest)
            answer = self.read_number(body, question.text_format)
            if answer is None:
                valid = False
                continue
            answer.fraction = ONE if fraction is None else fraction
            answer.feedback, answer.feedback_format = _part(
                feedback.chars if feedback else "", question.text_format
            )
            question.numerical_answers.append(answer)
        if other is not None:
            before, feedback = _split_feedback(other)
            if before.strip():
                self.problem(before.strip().line, MSG_NUMERICAL_TILDE)
                valid = False
            text, text_format = _part(feedback.chars if feedback else "", question.text_format)
            question.numerical_answers.append(NumericalAnswer(None, ZERO, ZERO, text, text_format))
        return question if valid else None

    def read_number(self, body: _Src, default: TextFormat) -> NumericalAnswer | None:
        """``value``, ``value:tolerance``, ``min..max`` or ``*`` (any other answer)."""
        text, _format = _with_format(body.chars, default)
        line = body.strip().line
        if text == "*":
            return NumericalAnswer(None)
        dots = text.find("..")
        colon = body.strip().find(":")
        if dots > 0:
            low, high = parse_number(text[:dots]), parse_number(text[dots + 2 :])
            if low is None or high is None:
                self.problem(line, MSG_NOT_A_NUMBER, value=text)
                return None
            if low > high:
                self.problem(line, MSG_RANGE_ORDER, value=text)
                return None
            middle = (low + high) / 2
            return NumericalAnswer(middle, high - middle)
        value_text, tolerance_text = (text, "0")
        if colon > 0:
            value_text, tolerance_text = text.split(":", 1)
        value, tolerance = parse_number(value_text), parse_number(tolerance_text)
        if value is None or tolerance is None:
            self.problem(line, MSG_NOT_A_NUMBER, value=text)
            return None
        return NumericalAnswer(value, tolerance)


def iter_gift(lines: Iterable[str]) -> Iterator[tuple[list[ParsedQuestion], list[Problem]]]:
    """Read GIFT from ``lines`` one question block at a time (a file can be streamed).

    Yields, for each block, the questions read cleanly and the problems found.
    """
    reader = _Reader()
    for block in _blocks(lines):
        reader.questions, reader.problems = [], []
        reader.read_block(block)
        if reader.questions or reader.problems:
            yield reader.questions, reader.problems


def parse_gift(text: str) -> list[ParsedQuestion]:
    """Read a GIFT file.

    Returns the questions in file order. Raises :class:`QuestionImportError` listing
    every problem of the file (its ``questions`` holds the questions read cleanly).
    """
    questions: list[ParsedQuestion] = []
    problems: list[Problem] = []
    for read, found in iter_gift(text_lines(text)):
        questions += read
        problems += found
    if problems:
        raise QuestionImportError(problems, questions)
    return questions
