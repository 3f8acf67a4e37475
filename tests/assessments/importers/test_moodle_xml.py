"""Moodle XML reading and writing (Moodle's qformat_xml), errors and hostile XML."""

from decimal import Decimal

import pytest

from assessments.importers import (
    Choice,
    MatchPair,
    NumericalAnswer,
    ParsedQuestion,
    QType,
    QuestionImportError,
    ShortAnswer,
    TextFormat,
    export_moodle_xml,
    parse,
    parse_moodle_xml,
)

SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category><text>$course$/top/Unit 1</text></category>
  </question>
  <question type="multichoice">
    <name><text>Capital</text></name>
    <questiontext format="html"><text><![CDATA[<p>Capital: <b>Italy</b></p>]]></text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <idnumber>cap-1</idnumber>
    <single>true</single>
    <shuffleanswers>0</shuffleanswers>
    <answer fraction="100" format="html">
      <text>Rome</text>
      <feedback format="plain_text"><text>Yes</text></feedback>
    </answer>
    <answer fraction="0" format="html"><text>Milan</text><feedback><text></text></feedback></answer>
    <tags><tag><text>geo</text></tag><tag><text>europe</text></tag></tags>
  </question>
  <question type="multichoice">
    <name><text>Primes</text></name>
    <questiontext format="moodle_auto_format"><text>Primes?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="50"><text>3</text></answer>
    <answer fraction="-100"><text>4</text></answer>
  </question>
  <question type="truefalse">
    <name><text>TF</text></name>
    <questiontext format="markdown"><text>Sky is *green*.</text></questiontext>
    <answer fraction="0"><text>true</text><feedback><text>No, blue.</text></feedback></answer>
    <answer fraction="100"><text>false</text><feedback><text>Right.</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>SA</text></name>
    <questiontext format="plain_text"><text>Capital of France?</text></questiontext>
    <usecase>1</usecase>
    <answer fraction="100" format="moodle_auto_format"><text>Paris</text></answer>
    <answer fraction="50"><text>paris</text><feedback><text>Case!</text></feedback></answer>
  </question>
  <question type="numerical">
    <name><text>Num</text></name>
    <questiontext format="html"><text>Born?</text></questiontext>
    <answer fraction="100"><text>1822</text><tolerance>2</tolerance></answer>
    <answer fraction="0"><text>*</text><feedback><text>Wrong</text></feedback></answer>
  </question>
  <question type="matching">
    <name><text>Match</text></name>
    <questiontext format="html"><text>Match</text></questiontext>
    <subquestion format="html"><text>Canada</text><answer><text>Ottawa</text></answer></subquestion>
    <subquestion format="plain_text"><text>Italy</text>
      <answer><text>Rome</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>Paris</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text></text></answer></subquestion>
  </question>
  <question type="essay">
    <name><text>Essay</text></name>
    <questiontext format="html"><text>Discuss.</text></questiontext>
    <generalfeedback format="markdown"><text>Model answer</text></generalfeedback>
  </question>
  <question type="description">
    <name><text>Info</text></name>
    <questiontext format="html"><text>Read this.</text></questiontext>
  </question>
  <question type="ordering">
    <name><text>Order</text></name>
    <questiontext format="html"><text>Sort</text></questiontext>
    <answer fraction="3.0000000" format="html"><text>third</text></answer>
    <answer fraction="1.0000000" format="html"><text>first</text></answer>
    <answer fraction="2.0000000" format="html"><text>second</text></answer>
  </question>
</quiz>
"""


def test_reads_every_supported_type() -> None:
    questions = parse_moodle_xml(SAMPLE)
    assert [q.qtype for q in questions] == [
        QType.SINGLE_CHOICE,
        QType.MULTIPLE_RESPONSE,
        QType.TRUE_FALSE,
        QType.SHORT_ANSWER,
        QType.NUMERICAL,
        QType.MATCHING,
        QType.ESSAY,
        QType.DESCRIPTION,
        QType.ORDERING,
    ]
    assert [q.line for q in questions] == [7, 21, 29, 35, 42, 48, 57, 62, 66]
    assert {q.category for q in questions} == {"$course$/top/Unit 1"}
    capital, primes, true_false, short, numerical, matching, essay, _info, ordering = questions
    assert (capital.name, capital.text, capital.text_format) == (
        "Capital",
        "<p>Capital: <b>Italy</b></p>",
        TextFormat.HTML,
    )
    assert (capital.idnumber, capital.tags, capital.shuffle) == ("cap-1", ["geo", "europe"], False)
    assert capital.choices == [
        Choice("Rome", Decimal(1), "Yes", TextFormat.HTML, TextFormat.PLAIN),
        Choice("Milan", Decimal(0), "", TextFormat.HTML, TextFormat.HTML),
    ]
    assert [c.fraction for c in primes.choices] == [Decimal("0.5"), Decimal("0.5"), Decimal(-1)]
    assert (true_false.correct, true_false.feedback_true, true_false.feedback_false) == (
        False,
        "No, blue.",
        "Right.",
    )
    assert short.case_sensitive is True
    assert short.short_answers == [
        ShortAnswer("Paris", Decimal(1), "", TextFormat.PLAIN),
        ShortAnswer("paris", Decimal("0.5"), "Case!", TextFormat.PLAIN),
    ]
    assert numerical.numerical_answers == [
        NumericalAnswer(Decimal(1822), Decimal(2), Decimal(1), "", TextFormat.HTML),
        NumericalAnswer(None, Decimal(0), Decimal(0), "Wrong", TextFormat.HTML),
    ]
    assert matching.pairs == [
        MatchPair("Canada", "Ottawa", TextFormat.HTML),
        MatchPair("Italy", "Rome", TextFormat.PLAIN),
        MatchPair("", "Paris", TextFormat.HTML),
    ]
    assert (essay.general_feedback, essay.general_feedback_format) == (
        "Model answer",
        TextFormat.MARKDOWN,
    )
    assert [c.text for c in ordering.choices] == ["first", "second", "third"]
    assert parse(SAMPLE, "moodlexml") == questions


def test_reads_bytes_in_the_declared_encoding() -> None:
    data = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz><question type="essay">'
        "<questiontext><text>Perché?</text></questiontext></question></quiz>"
    ).encode("latin-1")
    (question,) = parse_moodle_xml(data)
    assert (question.text, question.text_format) == ("Perché?", TextFormat.HTML)


def test_export_reads_back_the_sample() -> None:
    questions = parse_moodle_xml(SAMPLE)
    assert parse_moodle_xml(export_moodle_xml(questions)) == questions


def test_export_uses_cdata_and_splits_its_terminator() -> None:
    question = ParsedQuestion(QType.DESCRIPTION, name="a & b", text="<p>x ]]> y</p>")
    xml = export_moodle_xml([question])
    assert "<text><![CDATA[<p>x ]]]]><![CDATA[> y</p>]]></text>" in xml
    assert "<text><![CDATA[a & b]]></text>" in xml
    assert parse_moodle_xml(xml) == [question]


def test_export_refuses_likert() -> None:
    with pytest.raises(ValueError, match="likert"):
        export_moodle_xml([ParsedQuestion(QType.LIKERT)])


def messages(data: str) -> list[str]:
    with pytest.raises(QuestionImportError) as caught:
        parse_moodle_xml(data)
    return caught.value.messages


def test_syntax_errors_report_the_parser_line() -> None:
    assert messages("<quiz>\n<question type='essay'>\n</quiz>") == [
        "line 3: the file is not well-formed XML: mismatched tag"
    ]
    assert messages("") == ["line 1: the file is not well-formed XML: no element found"]


def test_external_entities_are_refused() -> None:
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        '<quiz><question type="essay"><questiontext><text>&secret;</text></questiontext>'
        "</question></quiz>"
    )
    assert messages(xxe) == [
        "line 2: the file declares a DTD or entities, which are refused for security reasons"
    ]


def test_entity_expansion_is_refused() -> None:
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        "<quiz>&lol2;</quiz>"
    )
    assert messages(laughs) == [
        "line 1: the file declares a DTD or entities, which are refused for security reasons"
    ]


def test_root_must_be_quiz() -> None:
    assert messages("<?xml version='1.0'?>\n\n<questions/>") == [
        "line 3: the root element is <questions>, not <quiz>"
    ]


def test_each_bad_question_is_reported_and_the_rest_kept() -> None:
    data = "\n".join(
        [
            "<quiz>",
            '<question type="calculated"><name><text>C</text></name></question>',  # 2
            '<question type="cloze"><questiontext><text>{1:SA:=x}</text></questiontext>',  # 3
            "</question>",
            '<question type="essay"><questiontext><text>Fine</text></questiontext></question>',
            '<question type="ddwtos"/>',  # 6
            "<question/>",  # 7
            '<question type="multichoice"><answer fraction="lots"><text>a</text></answer>',  # 8
            "</question>",
            '<question type="numerical"><answer fraction="100"><text>x1</text></answer>',  # 10
            "</question>",
            '<question type="truefalse"><answer fraction="100"><text>true</text></answer>',  # 12
            "</question>",
            '<question type="multichoice"><answer fraction="50"><text>a</text></answer>',  # 14
            '<answer fraction="0"><text>b</text></answer></question>',
            '<question type="shortanswer"></question>',  # 16
            "</quiz>",
        ]
    )
    with pytest.raises(QuestionImportError) as caught:
        parse_moodle_xml(data)
    assert caught.value.messages == [
        "line 2: question type 'calculated' is not supported",
        "line 3: embedded-answer (Cloze) questions are not supported",
        "line 6: question type 'ddwtos' is not supported",
        "line 7: the question has no type",
        "line 8: 'lots' is not a valid fraction",
        "line 10: 'x1' is not a number",
        "line 12: a true/false question needs its 'true' and 'false' answers",
        "line 14: no answer is worth 100%, so full marks are impossible",
        "line 16: the question has no answer",
    ]
    assert [q.text for q in caught.value.questions] == ["Fine"]
