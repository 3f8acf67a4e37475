"""Aiken reading (Moodle's qformat_aiken) and its errors with line numbers."""

from decimal import Decimal

import pytest

from assessments.importers import Choice, QType, QuestionImportError, TextFormat, parse, parse_aiken

PLAIN = TextFormat.PLAIN


def test_reads_questions_with_both_option_styles() -> None:
    source = (
        "\ufeffWhat is the capital of Italy?\r\n"
        "A) Milan\r\nB. Rome\r\nC)Turin\r\nANSWER: B\r\n\r\n"
        "Is 2 + 2 = 4 & <true>?\nA. Yes\nB. No\nANSWER: A\n"
    )
    capital, sums = parse_aiken(source)
    assert capital.qtype == QType.SINGLE_CHOICE
    assert (capital.text, capital.text_format, capital.line) == (
        "What is the capital of Italy?",
        PLAIN,
        1,
    )
    assert capital.choices == [
        Choice("Milan", Decimal(0), "", PLAIN, PLAIN),
        Choice("Rome", Decimal(1), "", PLAIN, PLAIN),
        Choice("Turin", Decimal(0), "", PLAIN, PLAIN),
    ]
    assert (sums.text, sums.line, [c.fraction for c in sums.choices]) == (
        "Is 2 + 2 = 4 & <true>?",
        7,
        [Decimal(1), Decimal(0)],
    )
    assert parse(source, "aiken") == [capital, sums]


def test_question_text_may_span_lines_and_look_like_an_abbreviation() -> None:
    (question,) = parse_aiken("U.S. history:\nwho was first?\nA. Washington\nB. Adams\nANSWER: A")
    assert question.text == "U.S. history:\nwho was first?"
    assert [c.text for c in question.choices] == ["Washington", "Adams"]


def test_every_problem_is_reported_with_its_line() -> None:
    source = "\n".join(
        [
            "A) orphan",  # 1
            "ANSWER: A",  # 2
            "",
            "Fine?",  # 4
            "A) a",
            "B) b",
            "ANSWER: A",
            "",
            "Letters?",  # 9
            "A. x",
            "C. y",  # 11
            "ANSWER: A",
            "",
            "Unfinished?",  # 14
            "A) a",
            "B) b",
            "",
            "Too far?",  # 18
            "A) a",
            "B) b",
            "ANSWER: E",  # 21
            "",
            "Alone?",  # 23
            "A) a",
            "ANSWER: A",
            "",
            "Vague?",  # 27
            "A) a",
            "B) b",
            "ANSWER: A or B",  # 30
            "",
            "Never answered?",  # 32
            "A) a",
        ]
    )
    with pytest.raises(QuestionImportError) as caught:
        parse_aiken(source)
    assert caught.value.messages == [
        "line 1: option 'A' comes before any question text",
        "line 2: 'ANSWER:' comes before any question",
        "line 11: option 'C' is out of order: 'B' was expected",
        "line 14: the question has no 'ANSWER:' line",
        "line 21: 'ANSWER: E' names no option of the question",
        "line 23: a multiple-choice question needs at least 2 choices",
        "line 30: 'ANSWER:' must name one option letter, not 'A or B'",
        "line 32: the question has no 'ANSWER:' line",
    ]
    assert [q.text for q in caught.value.questions] == ["Fine?"]


def test_answer_keyword_is_case_sensitive_like_moodle() -> None:
    # "Answer: B" is not the ANSWER line, so it starts a new question.
    with pytest.raises(QuestionImportError) as caught:
        parse_aiken("Q?\nA) a\nB) b\nAnswer: B")
    assert caught.value.messages == [
        "line 1: the question has no 'ANSWER:' line",
        "line 4: the question has no 'ANSWER:' line",
    ]
