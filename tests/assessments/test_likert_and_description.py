"""Surveys and texts: Likert scales and descriptions carry no mark and are never wrong."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from assessments.models import Attempt, Question, QuestionAnswer
from assessments.services import (
    attempt_start,
    attempt_submit,
    category_get_or_create,
    question_version_sync,
)
from tests.assessments.conftest import make_quiz

pytestmark = pytest.mark.django_db


def _question(category, qtype, text, scale=()):
    question = Question(category=category, qtype=qtype, name=text, text=text)
    for position, label in enumerate(scale):
        question.answers.add(QuestionAnswer(text=label, sort_order=position))
    question.save()
    question_version_sync(question=question)
    return question


def test_likert_and_description_do_not_change_the_score(section, bank, trainee):
    category = category_get_or_create(path="Autovalutazione")
    likert = _question(
        category,
        "likert",
        "Quanto ti senti sicuro nell'ascolto? / How confident are you in listening?",
        ["1 Per niente / Not at all", "2", "3", "4 Molto / Very"],
    )
    intro = _question(category, "description", "Leggi il caso. / Read the case.")
    quiz = make_quiz(section, [intro, likert, bank["sky"]], shuffle_answers=True)
    attempt = attempt_start(quiz=quiz, user=trainee)
    responses = {r.question_id: r for r in attempt.responses.select_related("version")}
    # The scale keeps its order even when the quiz shuffles answers.
    assert responses[likert.pk].order == [a["key"] for a in likert.current_version.data["answers"]]
    attempt = attempt_submit(
        attempt=attempt,
        answers={
            responses[likert.pk].position: responses[likert.pk].order[3],
            responses[bank["sky"].pk].position: "true",
        },
    )
    assert (attempt.state, attempt.score, attempt.max_score) == (
        Attempt.State.GRADED,
        Decimal(1),
        Decimal(1),
    )
    likert_response = attempt.responses.get(question=likert)
    assert likert_response.score is None
    assert likert_response.answer == responses[likert.pk].order[3]


def test_the_close_command_closes_expired_attempts(section, bank, trainee, capsys):
    from datetime import timedelta

    from django.utils import timezone

    quiz = make_quiz(section, [bank["sky"]], time_limit_minutes=1)
    attempt_start(quiz=quiz, user=trainee, now=timezone.now() - timedelta(minutes=2))
    call_command("close_expired_attempts")
    assert capsys.readouterr().out.strip() == "Closed 1 attempt."
    assert Attempt.objects.get().state == Attempt.State.GRADED


def test_the_personal_data_export_lists_attempts_and_answers(quiz, trainee, other_trainee):
    from lms.hooks import personal_data_sections

    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(attempt=attempt, answers={3: "true"})
    attempt_start(quiz=quiz, user=other_trainee)
    exported = personal_data_sections(trainee)["assessments"]["quiz_attempts"]
    assert [(a["quiz"], a["number"], a["score"]) for a in exported] == [
        ("Quiz di prova", 1, "1.000")
    ]
    assert exported[0]["responses"][2] == {
        "question": "sky",
        "answer": "true",
        "score": "1.000",
        "max_score": "1.000",
        "trainer_feedback": "",
    }
