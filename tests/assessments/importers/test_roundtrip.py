"""Property tests: export → import gives the same questions; parsers only raise our error."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

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
    export_moodle_xml,
    parse_aiken,
    parse_gift,
    parse_moodle_xml,
)
from assessments.importers._common import check_question

# Modest budgets keep the suite fast; no example database is written.
ROUNDTRIP = settings(max_examples=30, deadline=None, database=None)
FUZZ = settings(max_examples=80, deadline=None, database=None)

AWKWARD = "{}~=#:\\[]%/->_*.TF \n\t"
TOKENS = ["::", "->", "####", "\\n", "//", "]]>", "<b>", "&amp;", "[html]", "%50%", "$CATEGORY:"]
ARABIC = "مرحبا بالعالم؟\u200f"  # With a right-to-left mark.
# Characters XML 1.0 cannot carry and line endings that files normalise are left out:
# no parser could give them back.
_ALPHABET = st.one_of(
    st.sampled_from(AWKWARD + ARABIC),
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff\ufffe\uffff"),
)
_RAW = st.one_of(
    st.text(_ALPHABET, max_size=8),
    st.tuples(
        st.text(_ALPHABET, max_size=3), st.sampled_from(TOKENS), st.text(_ALPHABET, max_size=3)
    ).map("".join),
)

formats = st.sampled_from(list(TextFormat))


def texts(min_size: int = 0, without: str = "") -> st.SearchStrategy[str]:
    """Stripped text (importers strip), optionally avoiding a substring."""
    strategy = _RAW.map(lambda text: text.replace(without, "").strip() if without else text.strip())
    return strategy.filter(lambda text: len(text) >= min_size)


labels = st.text(st.sampled_from("ab-_ ]é9" + ARABIC[:4]), max_size=6).map(str.strip)
numbers = st.decimals(
    min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False
)
partial = st.sampled_from([Decimal("0.5"), Decimal("0.25"), Decimal("0.3333333"), Decimal("0.1")])


@st.composite
def rich(draw, default: TextFormat) -> tuple[str, TextFormat]:
    """A feedback-like text; an empty one takes the question's format, as parsers do."""
    text = draw(texts())
    return text, draw(formats) if text else default


@st.composite
def questions(draw, gift: bool) -> ParsedQuestion:
    """A valid question; with ``gift``, only what GIFT can express."""
    kinds = [qtype for qtype in QType if qtype != QType.LIKERT]
    if gift:
        kinds.remove(QType.ORDERING)
    qtype = draw(st.sampled_from(kinds))
    text_format = draw(formats)
    question = ParsedQuestion(
        qtype,
        name=draw(texts()),
        text=draw(texts()),
        text_format=text_format,
        category=draw(st.sampled_from(["", "$course$/top/Unit 1: intro", "Banca/Modulo 2"])),
        tags=[tag for tag in draw(st.lists(labels, max_size=3)) if tag],
        idnumber=draw(labels),
    )
    question.general_feedback, question.general_feedback_format = draw(rich(text_format))
    if qtype == QType.DESCRIPTION and gift:  # GIFT has no place for it.
        question.general_feedback, question.general_feedback_format = "", text_format
    if not gift and qtype in {QType.SINGLE_CHOICE, QType.MULTIPLE_RESPONSE, QType.MATCHING}:
        question.shuffle = draw(st.booleans())

    def choice(fraction: Decimal) -> Choice:
        feedback, feedback_format = draw(rich(text_format))
        return Choice(draw(texts(1)), fraction, feedback, draw(formats), feedback_format)

    if qtype == QType.SINGLE_CHOICE:
        wrong = draw(st.lists(st.sampled_from([Decimal(0), Decimal("-0.5")]) | partial, max_size=3))
        fractions = draw(st.permutations([Decimal(1), *wrong, Decimal(0)]))
        question.choices = [choice(fraction) for fraction in fractions]
    elif qtype == QType.MULTIPLE_RESPONSE:
        right = draw(st.integers(1, 3))
        share = (Decimal(1) / right).quantize(Decimal("0.0000001"))
        wrong = draw(st.lists(st.sampled_from([Decimal(0), Decimal("-1"), Decimal("-0.5")])))
        fractions = draw(st.permutations([share] * right + wrong + [Decimal(0)]))
        question.choices = [choice(fraction) for fraction in fractions]
    elif qtype == QType.ORDERING:
        question.choices = [
            Choice(draw(texts(1)), Decimal(0), "", draw(formats), text_format)
            for _ in range(draw(st.integers(2, 4)))
        ]
    elif qtype == QType.TRUE_FALSE:
        question.correct = draw(st.booleans())
        question.feedback_true, question.feedback_true_format = draw(rich(text_format))
        question.feedback_false, question.feedback_false_format = draw(rich(text_format))
    elif qtype == QType.SHORT_ANSWER:
        # GIFT limitation shared with Moodle: '=' and '->' in one block mean matching.
        arrow = "->" if gift else ""
        fractions = draw(st.permutations([Decimal(1), *draw(st.lists(partial, max_size=2))]))
        for fraction in fractions:
            feedback, feedback_format = draw(rich(text_format))
            question.short_answers.append(
                ShortAnswer(draw(texts(1, arrow)), fraction, feedback.replace(arrow or "\0", ""),
                            feedback_format)
            )  # fmt: skip
            if not question.short_answers[-1].feedback:
                question.short_answers[-1].feedback_format = text_format
        question.case_sensitive = not gift and draw(st.booleans())
    elif qtype == QType.NUMERICAL:
        fractions = draw(st.permutations([Decimal(1), *draw(st.lists(partial, max_size=2))]))
        for fraction in fractions:
            tolerance = draw(st.decimals(min_value=0, max_value=100, places=2))
            question.numerical_answers.append(
                NumericalAnswer(draw(numbers), tolerance, fraction, *draw(rich(text_format)))
            )
        if draw(st.booleans()):  # Moodle's '*' answer: feedback for anything else.
            question.numerical_answers.append(
                NumericalAnswer(None, Decimal(0), Decimal(0), *draw(rich(text_format)))
            )
    elif qtype == QType.MATCHING:
        for _ in range(draw(st.integers(3, 4))):
            sub = draw(texts(1, "->"))
            question.pairs.append(MatchPair(sub, draw(texts(1)), draw(formats)))
        if draw(st.booleans()):
            question.pairs.append(MatchPair("", draw(texts(1)), text_format))
    assert not check_question(question), "the strategy must build valid questions"
    return question


@ROUNDTRIP
@given(st.lists(questions(gift=True), max_size=4))
def test_gift_export_reads_back_equal(original: list[ParsedQuestion]) -> None:
    assert parse_gift(export_gift(original)) == original


@ROUNDTRIP
@given(st.lists(questions(gift=False), max_size=4))
def test_moodle_xml_export_reads_back_equal(original: list[ParsedQuestion]) -> None:
    assert parse_moodle_xml(export_moodle_xml(original)) == original


@settings(ROUNDTRIP, max_examples=15)
@given(st.lists(questions(gift=True), max_size=3))
def test_gift_and_moodle_xml_agree(original: list[ParsedQuestion]) -> None:
    from_gift = parse_gift(export_gift(original))
    assert parse_moodle_xml(export_moodle_xml(from_gift)) == from_gift


GIFTISH = st.text(st.sampled_from(list("{}~=#:\\%->[]/$TRUEFALSEhtml*.0123456789 \n\nab")))
AIKENISH = st.text(st.sampled_from(list("ABCDE).:ANSWER \nxy\r")))


@st.composite
def xmlish(draw) -> str:
    """Almost-Moodle XML: known tags and types in random arrangements."""
    tags = ["name", "text", "questiontext", "answer", "feedback", "subquestion", "tolerance",
            "single", "usecase", "category", "tags", "tag", "idnumber", "fraction"]  # fmt: skip
    types = ["multichoice", "truefalse", "shortanswer", "numerical", "matching", "essay",
             "description", "ordering", "category", "cloze", "calculated", ""]  # fmt: skip

    def element(depth: int) -> str:
        tag = draw(st.sampled_from(tags))
        attributes = draw(st.sampled_from(["", ' fraction="100"', ' fraction="x"', ' format="x"']))
        if depth > 2 or draw(st.booleans()):
            content = draw(st.sampled_from(["", "1", "*", "true", "false", "a&lt;b", "1..2"]))
        else:
            content = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 3))))
        return f"<{tag}{attributes}>{content}</{tag}>"

    questions_xml = "".join(
        f'<question type="{draw(st.sampled_from(types))}">'
        + "".join(element(0) for _ in range(draw(st.integers(0, 4))))
        + "</question>"
        for _ in range(draw(st.integers(0, 3)))
    )
    return f"<quiz>{questions_xml}</quiz>"


@FUZZ
@given(st.one_of(st.text(), GIFTISH))
def test_parse_gift_only_raises_import_errors(text: str) -> None:
    try:
        parse_gift(text)
    except QuestionImportError as error:
        assert error.problems


@FUZZ
@given(st.one_of(st.text(), AIKENISH))
def test_parse_aiken_only_raises_import_errors(text: str) -> None:
    try:
        parse_aiken(text)
    except QuestionImportError as error:
        assert error.problems


@FUZZ
@given(st.one_of(st.text(), st.binary(), xmlish()))
def test_parse_moodle_xml_only_raises_import_errors(data: str | bytes) -> None:
    try:
        parse_moodle_xml(data)
    except QuestionImportError as error:
        assert error.problems
