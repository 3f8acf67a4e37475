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
    client.get(quiz.url)  # warm-up: what the cache keeps between requests (lms/caching.py)
    counts = {
        "quiz page": _count(client, "get", quiz.url),
        "attempt page": _count(client, "get", attempt_url),
        "autosave": _count(
            client,
            "post",
            reverse("assessments:autosave", args=[attempt.pk]),
            answers,
        ),
        "submit": _count(client, "post", attempt_url, {**answers, "finish": "", "confirm": "1"}),
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


# Budgets of the quiz storm's two requests, whole requests through the test client
# (session, user, Wagtail's route to the quiz in the test tree, the enrolment, then the
# work itself): flat in the number of questions, and no more than these.
START_REQUEST_BUDGET = 30
SUBMIT_REQUEST_BUDGET = 15


def _storm_like(section, size: int):
    """A quiz of ``size`` four-option single-choice questions, as the benchmark's storm."""
    return make_quiz(section, _bank(size, f"Tempesta {size}"), title=f"Tempesta {size}")


def _start_queries(client, quiz) -> tuple[int, str]:
    client.get(quiz.url)  # the front page the trainee starts from
    with CaptureQueriesContext(connection) as queries:
        response = client.post(quiz.url)
    assert response.status_code == 302
    return len(queries), response["Location"]


def test_starting_a_quiz_runs_the_same_queries_for_5_and_20_questions(
    trainee_client, trainee, section, enrolled
):
    small_count, small_url = _start_queries(trainee_client, _storm_like(section, 5))
    large_count, large_url = _start_queries(trainee_client, _storm_like(section, 20))
    assert small_count == large_count <= START_REQUEST_BUDGET
    # Each start gave an attempt with every question of its quiz.
    small = Attempt.objects.get(pk=small_url.rstrip("/").rsplit("/", 1)[-1])
    large = Attempt.objects.get(pk=large_url.rstrip("/").rsplit("/", 1)[-1])
    assert (small.responses.count(), large.responses.count()) == (5, 20)


def test_submitting_runs_the_same_queries_for_5_and_20_questions(
    trainee_client, trainee, section, enrolled
):
    counts = {}
    for size in (5, 20):
        quiz = _storm_like(section, size)
        _count_start, url = _start_queries(trainee_client, quiz)
        attempt = Attempt.objects.get(pk=url.rstrip("/").rsplit("/", 1)[-1])
        with CaptureQueriesContext(connection) as queries:
            response = trainee_client.post(
                url, {**_all_right(attempt), "finish": "", "confirm": "1"}
            )
        assert response.status_code == 302 and "/review/" in response["Location"]
        counts[size] = len(queries)
        attempt.refresh_from_db()
        assert attempt.state == Attempt.State.GRADED
        assert attempt.score == size  # every answer reached the database and was marked
    assert counts[5] == counts[20] <= SUBMIT_REQUEST_BUDGET


def test_an_unchanged_question_is_not_written_when_an_attempt_starts(
    section, trainee, enrolled, django_assert_max_num_queries
):
    quiz = _storm_like(section, 20)
    # The open attempt, counting, the slots, the questions, their answers, the attempt
    # with its total (in its savepoint) and its responses in one INSERT, all in one
    # transaction: no statement per question, no savepoint per question, no UPDATE
    # after the responses.
    with django_assert_max_num_queries(11):
        attempt = attempt_start(quiz=quiz, user=trainee)
    assert attempt.responses.count() == 20
