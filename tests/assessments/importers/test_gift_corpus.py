"""The GIFT reader against the public GIFT-grammar-PEG.js conformance corpus.

Each ``NAME.gift`` of the corpus comes with ``NAME.json``, that parser's reading. We map
its fields onto ours and compare question by question: count, type, name, text and
format, answers with their weights, formats and feedback, general feedback, numerical
values, matching pairs, category, tags and id.

Where our reading deliberately differs (we follow Moodle's importer), the file and the
reason are listed in ``DIFFERENCES``; a test checks that each listed reason is still
needed, so the list cannot hide anything else.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assessments.importers import ParsedQuestion, QType, parse_gift

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "gift-peg"
FILES = sorted(CORPUS.glob("*.gift")) if CORPUS.is_dir() else []

# Kinds of deliberate difference: a reason, and a transformation (in oracle_view or
# test_corpus_file_reads_like_the_oracle) applied only to the files listed for it.
BLANK_IN_PLACE = (
    "Moodle replaces a mid-text answer block by '_____' in place ('from {…}.' gives "
    "'from _____.'); the PEG parser pads it with a space ('from _____ .')"
)
TF_WRONG_FEEDBACK_FIRST = (
    "In '{TRUE#a#b}' Moodle's importer (and its docs) give the first feedback to the wrong "
    "answer: with TRUE correct, 'a' is shown for FALSE and 'b' for TRUE; the PEG parser "
    "always gives the first to TRUE"
)
LINE_BREAKS = (
    "In Moodle auto-format text (a stem or feedback written over several lines) Moodle "
    "keeps the line break, which that format shows as <br>; the PEG parser joins the lines "
    "with a space. Such texts are compared with whitespace runs collapsed"
)

LINES_TRIMMED = (
    "Moodle trims every line of a question before reading it, so indentation (a nested "
    "Markdown list, a <pre> block) nor a Markdown line break (two trailing spaces); the "
    "PEG parser keeps them. Such texts are compared with each line trimmed"
)

LABELS = {
    BLANK_IN_PLACE: "blank",
    TF_WRONG_FEEDBACK_FIRST: "tf-feedback",
    LINE_BREAKS: "lines",
    LINES_TRIMMED: "trimmed",
}

DIFFERENCES: dict[str, tuple[str, ...]] = {
    "escapeAll.gift": (LINE_BREAKS,),
    "giftFormatPhpExamples.gift": (BLANK_IN_PLACE, LINE_BREAKS),
    "multiLineFeedback1.gift": (LINE_BREAKS,),
    "numerical1.gift": (BLANK_IN_PLACE,),
    "options1.gift": (BLANK_IN_PLACE, LINE_BREAKS),
    "shortAnswer1.gift": (BLANK_IN_PLACE,),
    "symbolsAll.gift": (LINE_BREAKS,),
    "TFTwoFeedback.gift": (TF_WRONG_FEEDBACK_FIRST,),
    "markdown.gift": (LINES_TRIMMED,),
    "totara_moodle_pre_content.gift": (LINES_TRIMMED,),
    "type_inferred_multiline_markdown.gift": (LINES_TRIMMED,),
}


def _trim_lines(value: object) -> object:
    """Trim each line of every text of a view, as Moodle's reader does."""
    if isinstance(value, str):
        return "\n".join(line.strip() for line in value.split("\n"))
    if isinstance(value, dict):
        return {key: _trim_lines(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_trim_lines(item) for item in value)
    return value


def _collapse(value: object) -> object:
    """Collapse whitespace runs in every (moodle, text) pair of a view."""
    if isinstance(value, dict):
        return {key: _collapse(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_collapse(item) for item in value]
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == "moodle" and isinstance(value[1], str):
            return ("moodle", " ".join(value[1].split()))
        return tuple(_collapse(item) for item in value)
    return value


def _rich(text: str, text_format: str) -> tuple[str, str] | None:
    """A feedback-like text as (format, text); an empty one has no meaningful format."""
    return (text_format, text) if text else None


def _oracle_rich(value: dict | None) -> tuple[str, str] | None:
    return _rich(value["text"], value["format"]) if value and value["text"] else None


def _fraction(choice: dict) -> Decimal:
    if choice["weight"] is not None:
        return Decimal(str(choice["weight"])) / 100
    return Decimal(1) if choice["isCorrect"] else Decimal(0)


def _number(spec: dict) -> tuple[Decimal, Decimal]:
    if spec["type"] == "simple":
        return Decimal(str(spec["number"])), Decimal(0)
    if spec["type"] == "range":
        return Decimal(str(spec["number"])), Decimal(str(spec["range"]))
    low, high = Decimal(str(spec["numberLow"])), Decimal(str(spec["numberHigh"]))
    return (low + high) / 2, (high - low) / 2


def view(question: ParsedQuestion) -> dict:
    """Our reading in the comparable shape."""
    fmt = question.text_format.value
    result = {
        "type": question.qtype.value,
        "name": question.name,
        "text": (fmt, question.text),
        "general_feedback": _rich(question.general_feedback, question.general_feedback_format),
        "category": question.category,
        "tags": question.tags,
        "id": question.idnumber,
    }
    if question.qtype in {QType.SINGLE_CHOICE, QType.MULTIPLE_RESPONSE}:
        result["answers"] = [
            (_rich(c.text, c.text_format), c.fraction, _rich(c.feedback, c.feedback_format))
            for c in question.choices
        ]
    elif question.qtype == QType.SHORT_ANSWER:
        result["answers"] = [
            (a.text, a.fraction, _rich(a.feedback, a.feedback_format))
            for a in question.short_answers
        ]
    elif question.qtype == QType.NUMERICAL:
        result["answers"] = [
            (a.value, a.tolerance, a.fraction, _rich(a.feedback, a.feedback_format))
            for a in question.numerical_answers
        ]
    elif question.qtype == QType.MATCHING:
        result["answers"] = [
            ((p.question_format.value, p.question), p.answer) for p in question.pairs
        ]
    elif question.qtype == QType.TRUE_FALSE:
        result["answers"] = (
            question.correct,
            _rich(question.feedback_true, question.feedback_true_format),
            _rich(question.feedback_false, question.feedback_false_format),
        )
    return result


def oracle_view(item: dict, category: str, differences: tuple[str, ...]) -> dict:
    """The PEG parser's reading of one question in our shape."""
    fmt = item["stem"]["format"]
    text = item["stem"]["text"]
    if BLANK_IN_PLACE in differences:
        text = text.replace("_____ .", "_____.")
    kind = item["type"]
    result = {
        "type": None,
        "name": item["title"] or "",
        "text": (fmt, text or ""),
        "general_feedback": _oracle_rich(item.get("globalFeedback")),
        "category": category,
        "tags": item["tags"] or [],
        "id": item["id"] or "",
    }
    if kind == "MC":
        choices = item["choices"]
        single = any(choice["isCorrect"] for choice in choices)
        result["type"] = "single_choice" if single else "multiple_response"
        result["answers"] = [
            (_oracle_rich(c["text"]), _fraction(c), _oracle_rich(c["feedback"])) for c in choices
        ]
    elif kind == "Short":
        result["type"] = "short_answer"
        result["answers"] = [
            (c["text"]["text"], _fraction(c), _oracle_rich(c["feedback"])) for c in item["choices"]
        ]
    elif kind == "Numerical":
        result["type"] = "numerical"
        choices = item["choices"]
        if isinstance(choices, dict):  # A single answer is given without a list.
            choices = [{"text": choices, "weight": None, "isCorrect": True, "feedback": None}]
        answers = []
        for choice in choices:
            if choice["text"].get("text") == "*":
                answers.append((None, Decimal(0), Decimal(0), _oracle_rich(choice["feedback"])))
                continue
            value, tolerance = _number(choice["text"])
            answers.append((value, tolerance, _fraction(choice), _oracle_rich(choice["feedback"])))
        result["answers"] = answers
    elif kind == "Matching":
        result["type"] = "matching"
        result["answers"] = [
            ((p["subquestion"]["format"], p["subquestion"]["text"]), p["subanswer"])
            for p in item["matchPairs"]
        ]
    elif kind == "TF":
        result["type"] = "true_false"
        on_true, on_false = _oracle_rich(item["trueFeedback"]), _oracle_rich(item["falseFeedback"])
        if TF_WRONG_FEEDBACK_FIRST in differences and item["isTrue"]:
            on_true, on_false = on_false, on_true
        result["answers"] = (item["isTrue"], on_true, on_false)
    else:
        result["type"] = {"Essay": "essay", "Description": "description"}[kind]
    return result


def reads_like_the_oracle(path: Path, differences: tuple[str, ...]) -> bool:
    """Whether our reading of ``path`` equals the oracle's, given the listed differences."""
    source = path.read_text(encoding="utf-8")
    oracle = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if oracle and oracle[-1]["type"] == "Category":
        # A trailing $CATEGORY applies to questions that would follow: probe it with one.
        source += "\n\nProbe{}\n"
        probe = {"type": "Essay", "title": None, "stem": {"format": "moodle", "text": "Probe"}}
        oracle.append({**probe, "tags": None, "id": None, "globalFeedback": None})

    expected, category = [], ""
    for item in oracle:
        if item["type"] == "Category":
            category = item["title"]
        else:
            expected.append(oracle_view(item, category, differences))
    ours = [view(question) for question in parse_gift(source)]
    if LINES_TRIMMED in differences:
        ours, expected = _trim_lines(ours), _trim_lines(expected)
    if LINE_BREAKS in differences:
        ours, expected = _collapse(ours), _collapse(expected)
    return ours == expected


@pytest.mark.skipif(not FILES, reason=f"GIFT corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_corpus_file_reads_like_the_oracle(path: Path) -> None:
    assert reads_like_the_oracle(path, DIFFERENCES.get(path.name, ()))


@pytest.mark.skipif(not FILES, reason=f"GIFT corpus not found at {CORPUS}")
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        pytest.param(name, reason, id=f"{name}-{LABELS[reason]}")
        for name, reasons in DIFFERENCES.items()
        for reason in reasons
    ],
)
def test_each_listed_difference_is_needed(name: str, reason: str) -> None:
    others = tuple(other for other in DIFFERENCES[name] if other != reason)
    assert not reads_like_the_oracle(CORPUS / name, others)


@pytest.mark.skipif(not FILES, reason=f"GIFT corpus not found at {CORPUS}")
def test_the_corpus_is_complete() -> None:
    assert len(FILES) == 51
    assert all(path.with_suffix(".json").is_file() for path in FILES)
