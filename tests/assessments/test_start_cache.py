"""Starting an attempt keeps a quiz's slots and its questions' current versions in the
process (issue 20) under the question bank's version: a question or an answer edited,
a slot added, all show in the next attempt started; a version written in a
transaction that was rolled back is never remembered."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments.models import Question, QuestionAnswer, QuizPage, QuizSlot
from assessments.services import attempt_create, attempt_submit

from .conftest import make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_on_commit(django_capture_on_commit_callbacks):
    """What a start reads is kept once its transaction commits: in these tests (each in
    a transaction never committed) the callbacks of each start are run as it ends."""
    import assessments.services.attempts as attempts

    create = attempts.attempt_create

    def committed(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return create(**kwargs)

    return committed


@pytest.fixture
def capital(bank):
    return bank["capital"]


@pytest.fixture
def small_quiz(section, capital, bank):
    return make_quiz(section, [capital, bank["sky"]], title="Quiz breve")


def _texts(attempt):
    return [r.version.data["text"] for r in attempt.responses.order_by("position")]


def _choices(attempt, position=1):
    response = attempt.responses.get(position=position)
    return sorted(answer["text"] for answer in response.version.data["answers"])


def test_a_second_start_reads_no_question(
    small_quiz, enrolled, trainee, other_trainee, _kept_on_commit
):
    start = _kept_on_commit
    start(quiz=small_quiz, user=trainee)
    with CaptureQueriesContext(connection) as queries:
        attempt = start(quiz=small_quiz, user=other_trainee)
    read = " ".join(q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT"))
    assert "assessments_question" not in read and "assessments_quizslot" not in read
    assert attempt.responses.count() == 2


def test_an_edited_question_shows_in_the_next_attempt(
    small_quiz, enrolled, trainee, other_trainee, capital, _kept_on_commit
):
    start = _kept_on_commit
    first = start(quiz=small_quiz, user=trainee)
    attempt_submit(attempt=first, answers={})  # answered: an edit makes a new version
    question = Question.objects.get(pk=capital.pk)
    question.text = "Qual è la capitale della Repubblica?"
    question.save()
    second = start(quiz=small_quiz, user=other_trainee)
    assert _texts(second)[0] == "Qual è la capitale della Repubblica?"
    assert _texts(first)[0] != _texts(second)[0]  # the first keeps what it showed


def test_an_edited_answer_shows_in_the_next_attempt(
    small_quiz, enrolled, trainee, other_trainee, capital, _kept_on_commit
):
    start = _kept_on_commit
    start(quiz=small_quiz, user=trainee)
    answer = QuestionAnswer.objects.filter(question=capital, text="Napoli").get()
    answer.text = "Bari"
    answer.save()
    second = start(quiz=small_quiz, user=other_trainee)
    assert _choices(second) == ["Bari", "Milano", "Roma"]


def test_a_slot_added_to_the_quiz_shows_in_the_next_attempt(
    small_quiz, enrolled, trainee, other_trainee, bank, _kept_on_commit
):
    start = _kept_on_commit
    assert start(quiz=small_quiz, user=trainee).responses.count() == 2
    quiz = QuizPage.objects.get(pk=small_quiz.pk)
    quiz.slots.add(QuizSlot(kind="fixed", question=bank["year"]))
    quiz.save_revision().publish()
    assert start(quiz=quiz, user=other_trainee).responses.count() == 3


def test_a_version_from_a_rolled_back_start_is_not_remembered(
    small_quiz, enrolled, trainee, other_trainee, capital, _kept_on_commit
):
    """The edit makes the start write a new version; that start is rolled back (its
    version with it): the next start must not point at the version that is gone."""
    start = _kept_on_commit
    first = start(quiz=small_quiz, user=trainee)
    attempt_submit(attempt=first, answers={})
    with pytest.raises(RuntimeError), transaction.atomic():
        question = Question.objects.get(pk=capital.pk)
        question.text = "Una domanda mai confermata"
        question.save()
        attempt_create(quiz=small_quiz, user=other_trainee)  # never committed
        raise RuntimeError("rolled back")
    second = start(quiz=small_quiz, user=other_trainee)
    # Each response's version exists (reading a vanished one raises) and is the first's.
    assert _texts(second) == _texts(first)
