"""Query budgets: flat in the size of the bank, the quiz and the number of past attempts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Attempt
from assessments.services import attempt_start, attempt_submit, questions_import
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import form_data, merge, right_answer

pytestmark = pytest.mark.django_db


def _bank(size: int, path: str):
    gift = "\n\n".join(
        f"::q{n}::Domanda {n}? / Question {n}? {{=giusta {n} ~sbagliata {n} ~altra {n}}}"
        for n in range(size)
    )
    return questions_import(text=gift, fmt="gift", category_path=path).questions


def _scenario(section, user, *, bank_size, quiz_size, past_attempts):
    questions = _bank(bank_size, f"Banca {bank_size}")
    quiz = make_quiz(section, questions[:quiz_size], title=f"Quiz {quiz_size}")
    for _ in range(past_attempts):
        attempt_submit(attempt=attempt_start(quiz=quiz, user=user))
    attempt = attempt_start(quiz=quiz, user=user)
    return quiz, attempt


def _count(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def _all_right(attempt):
    responses = attempt.responses.select_related("version")
    return merge(*(form_data(r, right_answer(r)) for r in responses), {"page": "1"})


def _measure(client, quiz, attempt) -> dict:
    attempt_url = reverse("assessments:attempt", args=[attempt.pk])
    answers = _all_right(attempt)
    counts = {
        "quiz page": _count(client, "get", quiz.url),
        "attempt page": _count(client, "get", attempt_url),
        "autosave": _count(
            client,
            "post",
            reverse("assessments:autosave", args=[attempt.pk]),
            answers,
        ),
        "submit": _count(client, "post", attempt_url, {**answers, "finish": ""}),
        "review": _count(client, "get", reverse("assessments:review", args=[attempt.pk])),
    }
    return counts


def test_trainee_pages_run_the_same_queries_for_small_and_large_banks(
    trainee_client, trainee, section, enrolled
):
    small = _measure(
        trainee_client,
        *_scenario(section, trainee, bank_size=2, quiz_size=2, past_attempts=0),
    )
    large = _measure(
        trainee_client,
        *_scenario(section, trainee, bank_size=60, quiz_size=30, past_attempts=6),
    )
    assert small == large


def test_grading_a_30_question_attempt_takes_fewer_than_50_queries(
    section, trainee, django_assert_max_num_queries
):
    quiz, attempt = _scenario(section, trainee, bank_size=30, quiz_size=30, past_attempts=0)
    answers = {r.position: right_answer(r) for r in attempt.responses.select_related("version")}
    with django_assert_max_num_queries(49):
        attempt = attempt_submit(attempt=attempt, answers=answers)
    assert attempt.state == Attempt.State.GRADED
    assert attempt.score == 30
