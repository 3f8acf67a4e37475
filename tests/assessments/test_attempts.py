"""Taking a quiz through the services: attempts, timing, grading methods, versions, evidence."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.exceptions import AttemptNotOpen, NoAttemptsLeft, QuizNotOpen, TimeIsUp
from assessments.models import Attempt, QuestionVersion, QuizSlot, Response
from assessments.selectors import quiz_result_for, quiz_results_for
from assessments.services import (
    attempt_close_expired,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
    attempts_close_expired,
    question_version_sync,
)
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import on_attempt_graded, right_answer

pytestmark = pytest.mark.django_db


def _answers(attempt, correct=True):
    return {
        r.position: right_answer(r) if correct else None
        for r in attempt.responses.select_related("version")
    }


def test_start_creates_one_response_per_question_with_its_version(quiz, bank, trainee):
    attempt = attempt_start(quiz=quiz, user=trainee)
    responses = list(attempt.responses.order_by("position"))
    assert [r.question.name for r in responses] == list(bank)
    assert all(r.version == r.question.current_version for r in responses)
    assert attempt.max_score == Decimal(7)


def test_starting_twice_returns_the_open_attempt(quiz, trainee):
    first = attempt_start(quiz=quiz, user=trainee)
    assert attempt_start(quiz=quiz, user=trainee) == first
    assert Attempt.objects.count() == 1


def test_all_right_answers_score_full_marks_and_essay_waits_for_a_trainer(quiz, trainee):
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt = attempt_submit(attempt=attempt, answers=_answers(attempt))
    assert attempt.state == Attempt.State.NEEDS_GRADING
    assert attempt.score == Decimal(6)
    essay = attempt.responses.get(question__name="essay")
    assert essay.score is None


def test_submitting_twice_grades_once(quiz, trainee, monkeypatch):
    calls = []
    on_attempt_graded(monkeypatch, calls.append)
    attempt = attempt_start(quiz=quiz, user=trainee)
    answers = _answers(attempt)
    answers[7] = None  # an empty essay is worth nothing: no trainer needed
    first = attempt_submit(attempt=attempt, answers=answers)
    second = attempt_submit(attempt=attempt, answers=_answers(attempt, correct=False))
    assert first.state == second.state == Attempt.State.GRADED
    assert second.score == Decimal(6)
    assert calls == [first]


def test_saving_the_same_answer_twice_changes_nothing(quiz, trainee):
    attempt = attempt_start(quiz=quiz, user=trainee)
    answers = {1: right_answer(attempt.responses.get(position=1))}
    assert attempt_save_answers(attempt=attempt, answers=answers) == 1
    saved_at = Response.objects.get(attempt=attempt, position=1).saved_at
    assert attempt_save_answers(attempt=attempt, answers=answers) == 0
    assert Response.objects.get(attempt=attempt, position=1).saved_at == saved_at


def test_answers_after_the_deadline_plus_grace_do_not_count(section, bank, trainee):
    quiz = make_quiz(section, [bank["capital"]], time_limit_minutes=10)
    start = timezone.now()
    attempt = attempt_start(quiz=quiz, user=trainee, now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    right = {1: right_answer(attempt.responses.get())}
    # Within the 30-second grace: counts.
    attempt_save_answers(
        attempt=attempt, answers=right, now=start + timedelta(minutes=10, seconds=29)
    )
    attempt_save_answers(
        attempt=attempt, answers={1: None}, now=start + timedelta(minutes=10, seconds=30)
    )
    with pytest.raises(TimeIsUp):
        attempt_save_answers(
            attempt=attempt, answers=right, now=start + timedelta(minutes=10, seconds=31)
        )
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert attempt.closed_by_timeout
    assert attempt.score == 0
    assert attempt.submitted_at == attempt.deadline + timedelta(seconds=30)


def test_a_late_submission_ignores_its_answers(section, bank, trainee):
    quiz = make_quiz(section, [bank["capital"]], time_limit_minutes=5)
    start = timezone.now()
    attempt = attempt_start(quiz=quiz, user=trainee, now=start)
    right = {1: right_answer(attempt.responses.get())}
    attempt = attempt_submit(attempt=attempt, answers=right, now=start + timedelta(minutes=6))
    assert attempt.score == 0
    assert attempt.closed_by_timeout


def test_an_expired_attempt_closes_itself(section, bank, trainee):
    quiz = make_quiz(section, [bank["capital"]], time_limit_minutes=1)
    start = timezone.now() - timedelta(minutes=5)
    attempt = attempt_start(quiz=quiz, user=trainee, now=start)
    attempt_save_answers(
        attempt=attempt, answers={1: right_answer(attempt.responses.get())}, now=start
    )
    assert attempts_close_expired() == 1
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score) == (Attempt.State.GRADED, Decimal(1))
    with pytest.raises(AttemptNotOpen):
        attempt_save_answers(attempt=attempt, answers={1: None})
    # Closing again is harmless.
    assert attempt_close_expired(attempt=attempt).score == Decimal(1)


def test_starting_after_an_expired_attempt_closes_it_and_opens_a_new_one(section, bank, trainee):
    quiz = make_quiz(section, [bank["capital"]], time_limit_minutes=1)
    old = attempt_start(quiz=quiz, user=trainee, now=timezone.now() - timedelta(minutes=5))
    new = attempt_start(quiz=quiz, user=trainee)
    old.refresh_from_db()
    assert old.state == Attempt.State.GRADED
    assert new.number == 2


def test_the_close_date_caps_the_deadline(section, bank, trainee):
    now = timezone.now()
    quiz = make_quiz(
        section, [bank["capital"]], time_limit_minutes=60, closes_at=now + timedelta(minutes=5)
    )
    assert attempt_start(quiz=quiz, user=trainee, now=now).deadline == quiz.closes_at


def test_open_and_close_dates(section, bank, trainee):
    now = timezone.now()
    later = make_quiz(section, [bank["capital"]], opens_at=now + timedelta(days=1))
    with pytest.raises(QuizNotOpen):
        attempt_start(quiz=later, user=trainee, now=now)
    closed = make_quiz(section, [bank["capital"]], closes_at=now - timedelta(minutes=1))
    with pytest.raises(QuizNotOpen):
        attempt_start(quiz=closed, user=trainee, now=now)


def test_number_of_attempts(section, bank, trainee):
    quiz = make_quiz(section, [bank["capital"]], max_attempts=2)
    for _ in range(2):
        attempt_submit(attempt=attempt_start(quiz=quiz, user=trainee))
    with pytest.raises(NoAttemptsLeft, match="You have used all the attempts allowed"):
        attempt_start(quiz=quiz, user=trainee)


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("highest", Decimal(100)),
        ("last", Decimal(0)),
        ("first", Decimal(50)),
        ("average", Decimal(50)),
    ],
)
def test_grading_methods(section, bank, trainee, method, expected):
    quiz = make_quiz(section, [bank["capital"], bank["sky"]], grading_method=method, pass_mark=60)
    for answers in ("half", "all", "none"):
        attempt = attempt_start(quiz=quiz, user=trainee)
        rights = {r.position: right_answer(r) for r in attempt.responses.select_related("version")}
        given = {"all": rights, "half": {1: rights[1], 2: None}, "none": {}}[answers]
        attempt_submit(attempt=attempt, answers=given)
    result = quiz_result_for(quiz=quiz, user=trainee)
    assert result.percent == expected
    assert result.passed is (expected >= 60)
    assert [r.percent for r in quiz_results_for(user=trainee)] == [expected]


def test_editing_an_answered_question_makes_a_new_version(quiz, bank, trainee):
    question = bank["capital"]
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(attempt=attempt, answers=_answers(attempt))
    question.text = "Capitale? / Capital?"
    question.save()
    new = question_version_sync(question=question)
    assert new.number == 2
    old_response = attempt.responses.get(question=question)
    assert old_response.version.number == 1
    assert old_response.version.data["text"].startswith("Qual è la capitale")
    assert old_response.score == 1


def test_editing_an_unanswered_question_keeps_one_version(bank):
    question = bank["sky"]
    question.text = "Il mare è blu."
    question.save()
    assert question_version_sync(question=question).number == 1
    assert QuestionVersion.objects.filter(question=question).count() == 1


def test_random_draws_from_a_category_and_tag(section, bank, trainee, category):
    bank["year"].tags.add("storia")
    bank["year"].save()
    quiz = make_quiz(section, random_from=category, count=3)
    attempt = attempt_start(quiz=quiz, user=trainee)
    assert attempt.responses.count() == 3
    tagged = make_quiz(section)
    QuizSlot.objects.create(quiz=tagged, kind="random", category=category, tag="storia", count=5)
    attempt = attempt_start(quiz=tagged, user=trainee)
    assert [r.question.name for r in attempt.responses.all()] == ["year"]


def test_answers_are_shuffled_per_attempt_when_the_quiz_says_so(section, bank, trainee):
    import random

    quiz = make_quiz(section, [bank["capital"]], shuffle_answers=True)
    orders = set()
    for seed in range(8):
        attempt = attempt_start(quiz=quiz, user=trainee, rng=random.Random(seed))
        orders.add(tuple(attempt.responses.get().order))
        attempt_submit(attempt=attempt)
    assert len(orders) > 1
