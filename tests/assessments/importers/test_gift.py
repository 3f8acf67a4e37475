"""GIFT reading rules (Moodle's qformat_gift), errors with line numbers, and export."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.functional import Promise

from assessments.importers import (
    Choice,
    MatchPair,
    NumericalAnswer,
    ParsedQuestion,
    QType,
    QuestionImportError,
    ShortAnswer,
    TextFormat,
    export_gift,
    parse,
    parse_gift,
)


def one(text: str) -> ParsedQuestion:
    questions = parse_gift(text)
    assert len(questions) == 1
    return questions[0]


def errors(text: str) -> list[str]:
    with pytest.raises(QuestionImportError) as caught:
        parse_gift(text)
    return caught.value.messages


# --- Structure ----------------------------------------------------------------------


def test_blank_lines_separate_questions_and_lines_are_kept() -> None:
    questions = parse_gift("\n\nFirst?{T}\n\n\n  \nSecond\nline?{F}\n")
    assert [(q.text, q.line) for q in questions] == [("First?", 3), ("Second\nline?", 7)]


def test_comments_carry_id_and_tags_of_their_question() -> None:
    question = one("// [id:Q-7\\]] [tag:fred]\n// [tag: barney wilma ] [tag:<b>]\nEssay?{}")
    assert question.idnumber == "Q-7]"
    assert question.tags == ["fred", "barney wilma"]  # '<' and '>' are not allowed in tags.
    assert question.line == 3


def test_comment_only_blocks_are_ignored() -> None:
    questions = parse_gift("// [tag:lost]\n\nQ?{}\n// trailing comment")
    assert [(q.text, q.tags) for q in questions] == [("Q?", [])]


def test_category_applies_to_following_questions() -> None:
    source = "$CATEGORY: $course$/top/Unit 1: Topic\n\nA?{}\n\n$CATEGORY: tom/dick\nB?{}\n\nC?{}"
    assert [(q.text, q.category) for q in parse_gift(source)] == [
        ("A?", "$course$/top/Unit 1: Topic"),
        ("B?", "tom/dick"),
        ("C?", "tom/dick"),
    ]


def test_name_and_format_prefix() -> None:
    question = one("::Grant\\:s tomb:: [html]<p>Who?</p>{=no one =nobody}")
    assert (question.name, question.text, question.text_format) == (
        "Grant:s tomb",
        "<p>Who?</p>",
        TextFormat.HTML,
    )
    assert question.display_name == "Grant:s tomb"
    assert one("[html]<p>Who is <b>there</b>?</p>{}").display_name == "Who is there?"


def test_unknown_format_prefix_stays_in_text() -> None:
    question = one("[latex]x{}")
    assert (question.text, question.text_format) == ("[latex]x", TextFormat.MOODLE)


def test_escapes() -> None:
    question = one("a\\:b \\#c \\=d \\{e\\} \\~f \\\\ g\\nh \\\\n \\q{}")
    assert question.text == "a:b #c =d {e} ~f \\ g\nh \\n \\q"


def test_missing_word_keeps_a_blank() -> None:
    assert one("Grant is {~buried =entombed ~living} in Grant's tomb.").text == (
        "Grant is _____ in Grant's tomb."
    )
    assert one("{=Asia} is the largest continent.").text == "_____ is the largest continent."
    assert one("Answers at the end {=x =y}").text == "Answers at the end"


def test_each_line_is_trimmed_as_moodle_does() -> None:
    question = one("[markdown]List:  \n- a\n    - nested\n{}")
    assert question.text == "List:\n- a\n- nested"


def test_an_exported_text_reads_back_unchanged_after_trimming() -> None:
    # Line breaks inside a text are written as \n, so trimming lines never eats spaces.
    original = one("::Q:: Indented \\n    - nested  {}")
    again = one(export_gift([original]))
    assert again == original


# --- Types --------------------------------------------------------------------------


def test_description_and_essay() -> None:
    description, essay = parse_gift("Just read this.\n\nWrite.{####[html]<p>Model</p>}")
    assert description.qtype == QType.DESCRIPTION
    assert (essay.qtype, essay.general_feedback, essay.general_feedback_format) == (
        QType.ESSAY,
        "<p>Model</p>",
        TextFormat.HTML,
    )


def test_single_choice_with_weights_and_feedback() -> None:
    question = one(
        "[html]Q{\n ~wrong#<i>no</i>\n ~%50%half # [plain]meh\n =[markdown]**right**#yes\n"
        " ####overall}"
    )
    assert question.qtype == QType.SINGLE_CHOICE
    assert question.choices == [
        Choice("wrong", Decimal(0), "<i>no</i>", TextFormat.HTML, TextFormat.HTML),
        Choice("half", Decimal("0.5"), "meh", TextFormat.HTML, TextFormat.PLAIN),
        Choice("**right**", Decimal(1), "yes", TextFormat.MARKDOWN, TextFormat.HTML),
    ]
    assert (question.general_feedback, question.general_feedback_format) == (
        "overall",
        TextFormat.HTML,
    )


def test_weights_without_equals_make_multiple_response() -> None:
    question = one("Which?{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert question.qtype == QType.MULTIPLE_RESPONSE
    assert [c.fraction for c in question.choices] == [Decimal("0.3333333")] * 3 + [Decimal(-1)]


def test_equals_sign_means_full_credit_even_before_a_percent() -> None:
    # Moodle reads "=%50%x" as a right answer whose text is "%50%x".
    question = one("Q{=%50%x ~y}")
    assert question.choices[0] == Choice("%50%x", Decimal(1))


def test_arrows_in_a_choice_question_stay_text() -> None:
    question = one("How?{~go -> order =buy -> brew}")
    assert [c.text for c in question.choices] == ["go -> order", "buy -> brew"]


@pytest.mark.parametrize(
    ("answer", "correct"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_keywords(answer: str, correct: bool) -> None:
    question = one(f"Sky is blue.{{{answer}}}")
    assert (question.qtype, question.correct) == (QType.TRUE_FALSE, correct)


def test_true_false_first_feedback_is_for_the_wrong_answer() -> None:
    true_q, false_q, only_right = parse_gift(
        "A{TRUE#shown for false#shown for true}\n\nB{F#[html]for true#for false}\n\nC{T##ok}"
    )
    assert (true_q.feedback_true, true_q.feedback_false) == ("shown for true", "shown for false")
    assert (false_q.feedback_true, false_q.feedback_true_format) == ("for true", TextFormat.HTML)
    assert false_q.feedback_false == "for false"
    assert (only_right.feedback_true, only_right.feedback_false) == ("ok", "")


def test_lowercase_true_is_a_short_answer_like_in_moodle() -> None:
    assert one("Q{true}").qtype == QType.SHORT_ANSWER


def test_short_answer() -> None:
    question = one("Who?{\n=Nazareth#Yes!\n=%75%Nazereth#Misspelled.\n=%0%*#Wrong\n}")
    assert question.qtype == QType.SHORT_ANSWER
    assert question.short_answers == [
        ShortAnswer("Nazareth", Decimal(1), "Yes!"),
        ShortAnswer("Nazereth", Decimal("0.75"), "Misspelled."),
        ShortAnswer("*", Decimal(0), "Wrong"),
    ]
    assert question.case_sensitive is False
    assert one("Number 1 as a word? {One}").short_answers == [ShortAnswer("One")]


def test_numerical_forms() -> None:
    value, tolerance, interval, several = parse_gift(
        "A{#1822}\n\nB{#3.1415:0.0005}\n\nC{#-5..5}\n\n"
        "D{#\n=1822:0#Exact\n=%50%1822:2#Close\n~#Wrong}"
    )
    assert value.numerical_answers == [NumericalAnswer(Decimal(1822), Decimal(0))]
    assert tolerance.numerical_answers == [NumericalAnswer(Decimal("3.1415"), Decimal("0.0005"))]
    assert interval.numerical_answers == [NumericalAnswer(Decimal(0), Decimal(5))]
    assert several.numerical_answers == [
        NumericalAnswer(Decimal(1822), Decimal(0), Decimal(1), "Exact"),
        NumericalAnswer(Decimal(1822), Decimal(2), Decimal("0.5"), "Close"),
        NumericalAnswer(None, Decimal(0), Decimal(0), "Wrong"),
    ]


def test_matching_with_distractor() -> None:
    question = one("Match.{\n=[plain]Canada -> Ottawa\n=Italy->Rome\n= -> Paris\n####Well.}")
    assert question.qtype == QType.MATCHING
    assert question.pairs == [
        MatchPair("Canada", "Ottawa", TextFormat.PLAIN),
        MatchPair("Italy", "Rome"),
        MatchPair("", "Paris"),
    ]
    assert question.general_feedback == "Well."


def test_parse_dispatches_by_format_name() -> None:
    assert parse("Q{T}", "gift")[0].correct is True
    with pytest.raises(ValueError, match="unknown question format"):
        parse("Q{T}", "qti")


# --- Errors -------------------------------------------------------------------------


def test_unclosed_brace_reports_its_line() -> None:
    assert errors("Good?{T}\n\n// note\nWhich one?\n{\n~a\n=b") == ["line 5: '{' is never closed"]


def test_cloze_is_refused() -> None:
    source = "Fine{T}\n\n::Cloze::Pick {1:MULTICHOICE:=a~b} and\n{2:SA:=x}"
    assert errors(source) == ["line 3: embedded-answer (Cloze) syntax is not GIFT"]
    assert errors("Q {:mc:~a~=b}") == ["line 1: embedded-answer (Cloze) syntax is not GIFT"]
    # Escaped, the same characters are ordinary text.
    assert one("Q \\{1\\:MC\\:x\\}{}").text == "Q {1:MC:x}"


def test_every_problem_of_a_file_is_reported() -> None:
    source = "\n\n".join(
        [
            "Ok{T}",  # 1
            "Stray } brace",  # 3
            "Two {=a ~b} blocks {=c ~d}",  # 5
            "Year?{#18x2}",  # 7
            "Pick {~a ~b}",  # 9
            "Grade {~%150%a =b}",  # 11
            "Match {=a -> 1 =b -> 2}",  # 13
            "Match {=a -> 1 =b}",  # 15
            "::Title never closed {T}",  # 17
            "Num {#=5 ~6}",  # 19
            "Short {=%50%half}",  # 21
            "Short {=%-50%minus =ok}",  # 23
            "Range {#5..1}",  # 25
            "Choice {=a ~}",  # 27
            "One choice {~%100%a}",  # 29
            "Short, valid {=a}",  # 31
        ]
    )
    with pytest.raises(QuestionImportError) as caught:
        parse_gift(source)
    assert caught.value.messages == [
        "line 3: '}' has no matching '{'",
        "line 5: a question can have only one answer block '{…}'",
        "line 7: '18x2' is not a number",
        "line 9: the question has no correct answer",
        "line 11: weight 150% is out of range (-100% to 100%)",
        "line 13: a matching question needs at least 2 sub-questions and 3 answers "
        "(it has 2 and 2)",
        "line 15: a matching pair must look like '=question -> answer'",
        "line 17: the '::' of the question name is never closed",
        "line 19: in a numerical question '~' can only introduce the feedback for other "
        "answers ('~#…')",
        "line 21: no answer is worth 100%, so full marks are impossible",
        "line 23: a negative weight (-50%) is only allowed in multiple-choice questions",
        "line 25: in the range '5..1' the minimum is greater than the maximum",
        "line 27: choice 2 has no text",
        "line 29: a multiple-choice question needs at least 2 choices",
    ]
    # The valid questions are still available for a partial import.
    assert [q.text for q in caught.value.questions] == ["Ok", "Short, valid"]


def test_multiple_response_weights_must_add_up() -> None:
    assert errors("Q{~%50%a ~%20%b ~c}") == ["line 1: the positive weights add up to 70%, not 100%"]


def test_problem_line_points_inside_the_question() -> None:
    assert errors("Year?{#\n=1822:0\n=%50%eighteen\n}") == ["line 3: 'eighteen' is not a number"]


def test_messages_are_lazy_and_translated_when_rendered() -> None:
    with pytest.raises(QuestionImportError) as caught:
        parse_gift("Q {")
    problem = caught.value.problems[0]
    assert isinstance(problem.message, Promise)
    assert (problem.line, problem.reason) == (1, "'{' is never closed")
    assert str(caught.value) == "line 1: '{' is never closed"


def test_library_imports_and_parses_without_django_settings() -> None:
    code = (
        "from assessments.importers import parse_gift, QuestionImportError\n"
        "assert parse_gift('Q{T}')[0].correct is True\n"
        "try:\n    parse_gift('Q{')\nexcept QuestionImportError as e:\n"
        "    assert e.problems[0].line == 1\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- Export -------------------------------------------------------------------------


def test_export_writes_moodle_style_gift() -> None:
    question = ParsedQuestion(
        QType.SINGLE_CHOICE,
        name="Q: 1",
        text="2 + 2 = {?}",
        category="$course$/top/Maths",
        tags=["arith"],
        idnumber="q1",
        choices=[Choice("4", Decimal(1), "Right"), Choice("5", Decimal(0), "#no")],
    )
    assert export_gift([question]) == (
        "$CATEGORY: $course$/top/Maths\n\n"
        "// [id:q1] [tag:arith]\n"
        "::Q\\: 1::2 + 2 \\= \\{?\\}{\n"
        "\t=4#Right\n"
        "\t~5#\\#no\n"
        "}\n"
    )


@pytest.mark.parametrize(
    "question",
    [
        # Only right answers: one '=' and '~%100%' so that it stays a choice question.
        ParsedQuestion(
            QType.SINGLE_CHOICE,
            text="Q",
            choices=[Choice("a", Decimal(1)), Choice("b", Decimal(1))],
        ),
        # Texts that look like syntax: a comment, a format prefix, a weight.
        ParsedQuestion(QType.ESSAY, text="// not a comment"),
        ParsedQuestion(QType.DESCRIPTION, text="[html] is literal"),
        ParsedQuestion(QType.DESCRIPTION),
        ParsedQuestion(
            QType.MULTIPLE_RESPONSE,
            text="Q",
            choices=[Choice("%5% off", Decimal(0)), Choice("b", Decimal(1))],
        ),
        ParsedQuestion(
            QType.SHORT_ANSWER, text="Q", short_answers=[ShortAnswer("%1%", Decimal(1))]
        ),
        ParsedQuestion(
            QType.NUMERICAL,
            text="Q",
            numerical_answers=[
                NumericalAnswer(None, fraction=Decimal("0.5"), feedback="any"),
                NumericalAnswer(Decimal("-1.5"), Decimal("0.25")),
            ],
        ),
        ParsedQuestion(QType.TRUE_FALSE, text="Q", correct=False, feedback_false="Yes"),
    ],
    ids=["all-right", "comment", "prefix", "empty", "percent", "short-percent", "star", "tf"],
)
def test_export_reads_back_tricky_questions(question: ParsedQuestion) -> None:
    assert parse_gift(export_gift([question])) == [question]


def test_export_refuses_what_gift_cannot_express() -> None:
    with pytest.raises(ValueError, match="ordering"):
        export_gift([ParsedQuestion(QType.ORDERING, choices=[Choice("a"), Choice("b")])])
    assert export_gift([]) == ""
