"""No quiz form gives its answers away (issue 13, item 3).

For every question type, the page a trainee answers and the autosave reply carry no
value from which a right answer can be computed: no answer key shows, no name and
value share a token (a matching dropdown used to be named after its right option),
and the tokens change from one attempt to the next.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Question, QuestionAnswer, QuestionType
from assessments.services import attempt_start, category_get_or_create, question_version_sync
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import form_data, merge, right_answer

pytestmark = pytest.mark.django_db

FIELD = re.compile(r'\b(name|value|id|for)="([^"]*)"')


def _question(category, qtype, text, answers=()):
    question = Question(category=category, qtype=qtype, name=text, text=text)
    for position, label in enumerate(answers):
        question.answers.add(QuestionAnswer(text=label, sort_order=position, fraction=1))
    question.save()
    question_version_sync(question=question)
    return question


@pytest.fixture
def every_type(section, bank):
    category = category_get_or_create(path="Demo/Every type")
    extra = [
        _question(category, "ordering", "Order the steps", ["listen", "reformulate", "ask"]),
        _question(category, "likert", "How confident?", ["1", "2", "3", "4"]),
        _question(category, "description", "Read the case."),
    ]
    questions = [*bank.values(), *extra]
    assert {q.qtype for q in questions} == set(QuestionType.values)
    return make_quiz(section, questions, shuffle_answers=False)


def _form_tokens(html: str) -> tuple[set[str], set[str]]:
    """Parts of the names/ids of the question fields, and the values they offer."""
    start = html.index('<fieldset class="question"')
    end = html.rindex("</fieldset>")
    names, values = set(), set()
    for attribute, text in FIELD.findall(html[start:end]):
        if attribute == "value":
            values.add(text)
        else:
            names.update(text.split("-"))

    # Positions, ranks and option numbers are the same on every form: not tokens.
    def plain(token):
        return token.isdigit() or re.fullmatch(r"q\d+|input|label|question|", token)

    return {n for n in names if not plain(n)}, {v for v in values if not plain(v)}


def _keys(attempt) -> set[str]:
    keys = {"true", "false"}
    for response in attempt.responses.select_related("version"):
        keys.update(answer["key"] for answer in response.version.data["answers"])
    return keys


def test_no_form_shows_a_key_or_shares_a_token_between_name_and_value(
    every_type, trainee, trainee_client
):
    attempt = attempt_start(quiz=every_type, user=trainee)
    html = trainee_client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    names, values = _form_tokens(html)
    keys = _keys(attempt)
    assert not (names | values) & keys
    assert not names & values  # "choose the option named like the dropdown" gains nothing
    # The page still works: the right answers, sent as the form names them, score fully.
    responses = list(attempt.responses.select_related("version", "attempt"))
    post = merge(*(form_data(r, right_answer(r)) for r in responses))
    reply = trainee_client.post(reverse("assessments:autosave", args=[attempt.pk]), post)
    assert reply.json()["saved"]
    assert not set(re.findall(r"[0-9a-f]{12}", reply.content.decode())) & keys
    trainee_client.post(
        reverse("assessments:attempt", args=[attempt.pk]), {**post, "finish": "1", "confirm": "1"}
    )
    attempt.refresh_from_db()
    gradable = sum(r.max_score for r in responses if r.version.data["qtype"] != "essay")
    assert attempt.score == gradable > Decimal(0)


def test_tokens_differ_between_attempts(every_type, trainee, other_trainee, client):
    pages = []
    for person in (trainee, other_trainee):
        attempt = attempt_start(quiz=every_type, user=person)
        client.force_login(person)
        html = client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
        names, values = _form_tokens(html)
        pages.append({token for token in names | values if token.startswith("k")})
    assert pages[0] and pages[1] and not pages[0] & pages[1]


def test_choosing_the_option_named_like_the_dropdown_scores_nothing(
    section, bank, trainee, trainee_client
):
    quiz = make_quiz(section, [bank["pairs"]])
    attempt = attempt_start(quiz=quiz, user=trainee)
    html = trainee_client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    selects = re.findall(r'<select name="(q1-[^"]+)"', html)
    assert len(selects) == 3
    post = {"positions": ["1"], "finish": "1", "confirm": "1"}
    post.update({name: name.split("-", 1)[1] for name in selects})
    trainee_client.post(reverse("assessments:attempt", args=[attempt.pk]), post)
    attempt.refresh_from_db()
    assert attempt.score == 0
