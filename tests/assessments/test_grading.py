"""Marking rules per question type (pure functions over question snapshots)."""

from decimal import Decimal

import pytest

from assessments.grading import answer_from_post, grade, parse_number
from assessments.snapshots import question_data
from tests.assessments.helpers import right_answer

pytestmark = pytest.mark.django_db


class _Response:
    def __init__(self, question):
        self.version = question.current_version


def _data(question):
    return question.current_version.data


def _key(data, text):
    return next(option["key"] for option in data["answers"] if option["text"] == text)


def test_every_type_gets_full_marks_for_the_right_answer(bank):
    for name, question in bank.items():
        if name == "essay":
            continue
        assert grade(_data(question), right_answer(_Response(question))) == 1, name


def test_single_choice_wrong_answer_scores_zero(bank):
    data = _data(bank["capital"])
    assert grade(data, _key(data, "Milano")) == 0
    assert grade(data, None) == 0


def test_multiple_response_gives_partial_credit_and_penalties_never_below_zero(bank):
    data = _data(bank["cities"])
    assert grade(data, [_key(data, "Bari")]) == Decimal("0.5")
    assert grade(data, [_key(data, "Bari"), _key(data, "Torino")]) == 0
    assert grade(data, [_key(data, "Bari"), _key(data, "Lecce")]) == 1


def test_true_false(bank):
    data = _data(bank["sky"])
    assert grade(data, "true") == 1
    assert grade(data, "false") == 0


def test_short_answer_is_case_insensitive_with_partial_credit(bank):
    data = _data(bank["region"])
    assert grade(data, "  secret-accepted-PUGLIA ") == 1
    assert grade(data, "SECRET-HALF-italia") == Decimal("0.5")
    assert grade(data, "Lazio") == 0


def test_short_answer_case_sensitive_and_wildcard(bank):
    question = bank["region"]
    question.case_sensitive = True
    answers = list(question.answers.all())
    answers[0].text = "Pu*a"
    data = question_data(question, answers)
    assert grade(data, "Puglia") == 1
    assert grade(data, "puglia") == 0


def test_numerical_tolerance_and_range(bank):
    question = bank["year"]
    answers = list(question.answers.all())
    answers[0].tolerance = Decimal(2)
    data = question_data(question, answers)
    assert grade(data, "1948") == 1
    assert grade(data, "1949") == 0
    assert grade(data, "1946,0") == 1
    assert grade(data, "mille") == 0


def test_matching_partial_credit(bank):
    data = _data(bank["pairs"])
    stems = [option for option in data["answers"] if option["text"]]
    wrong = {stems[0]["key"]: stems[1]["key"], stems[1]["key"]: stems[0]["key"]}
    right = {stems[2]["key"]: stems[2]["key"]}
    assert grade(data, {**wrong, **right}) == Decimal(1) / 3


def test_essay_description_and_likert_are_not_auto_marked(bank):
    assert grade(_data(bank["essay"]), "testo") is None
    assert grade({"qtype": "likert", "answers": []}, "x") is None


def test_forged_answer_keys_are_dropped(bank):
    from django.http import QueryDict

    data = _data(bank["capital"])
    assert answer_from_post(data, QueryDict("q1=not-a-key"), "q1") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("3.5", Decimal("3.5")), ("3,5", Decimal("3.5")), ("1e3", Decimal("1e3")), ("x", None)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value
