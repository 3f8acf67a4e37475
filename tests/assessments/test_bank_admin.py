"""Editing questions in the Wagtail admin keeps past attempts on the version they saw."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessments.models import Question, QuestionVersion
from assessments.services import attempt_start, attempt_submit
from tests.assessments.helpers import right_answer

pytestmark = pytest.mark.django_db


def _form(question, text, answers):
    return nested_form_data(
        {
            "category": question.category_id,
            "qtype": question.qtype,
            "name": question.name,
            "text": text,
            "text_format": "plain",
            "default_mark": "1",
            "answers": inline_formset(answers),
            "shuffle_answers": "on",
            "general_feedback": "",
            "general_feedback_format": "moodle",
            "tags": "",
            "idnumber": "",
        }
    )


def _answers(question):
    return [
        {
            "id": answer.pk,
            "text": answer.text,
            "fraction": str(answer.fraction),
            "feedback": answer.feedback,
            "value": "",
            "tolerance": "0",
            "match_text": "",
            "ORDER": str(index),
        }
        for index, answer in enumerate(question.answers.order_by("sort_order"), start=1)
    ]


def test_editing_an_answered_question_in_the_admin_makes_version_2(
    trainer_client, bank, quiz, trainee
):
    question = bank["capital"]
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(
        attempt=attempt,
        answers={r.position: right_answer(r) for r in attempt.responses.select_related("version")},
    )
    url = reverse("assessments_questions:edit", args=[question.pk])
    assert trainer_client.get(url).status_code == 200
    response = trainer_client.post(url, _form(question, "Capitale d'Italia?", _answers(question)))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(pk=question.pk)
    assert question.text == "Capitale d'Italia?"
    assert question.current_version.number == 2
    assert question.current_version.data["text"] == "Capitale d'Italia?"
    seen = attempt.responses.get(question=question).version
    assert seen.number == 1
    assert seen.data["text"].startswith("Qual è la capitale")


def test_editing_an_unanswered_question_updates_its_only_version(trainer_client, bank):
    question = bank["capital"]
    url = reverse("assessments_questions:edit", args=[question.pk])
    response = trainer_client.post(url, _form(question, "Capitale?", _answers(question)))
    assert response.status_code == 302
    assert QuestionVersion.objects.filter(question=question).count() == 1
    assert Question.objects.get(pk=question.pk).current_version.data["text"] == "Capitale?"


def test_the_question_list_runs_the_same_queries_for_few_and_many(
    trainer_client, bank, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.services import questions_import

    url = reverse("assessments_questions:index")
    # The first request of a session fills the per-person caches (lms.caching): what is
    # compared is a request of a running session, with few and then many questions.
    assert trainer_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        assert trainer_client.get(url).status_code == 200
    gift = "\n\n".join(f"::extra{n}::Domanda {n}? {{=sì ~no}}" for n in range(40))
    questions_import(text=gift, fmt="gift", category_path="Altre")
    with CaptureQueriesContext(connection) as many:
        assert trainer_client.get(url).status_code == 200
    assert len(many) == len(few)


def test_a_trainer_builds_a_quiz_in_a_module_from_imported_questions(
    trainer_client, coordinator, section, trainee, enrolled
):
    from wagtail.models import Page

    from assessments.models import Attempt, QuizPage
    from tests.assessments.test_import import MOODLE_GIFT

    imported = questions_import_for_test(MOODLE_GIFT)
    category = imported.categories[0]
    url = reverse("wagtailadmin_pages:add", args=["assessments", "quizpage", section.pk])
    data = nested_form_data(
        {
            "title": "Quiz sull'ascolto",
            "slug": "quiz-ascolto",
            "introduction": "",
            "slots": inline_formset(
                [
                    {
                        "kind": "random",
                        "question": "",
                        "category": category.pk,
                        "include_subcategories": "on",
                        "tag": "",
                        "count": "2",
                        "mark": "",
                        "ORDER": "1",
                    }
                ]
            ),
            "time_limit_minutes": "15",
            "max_attempts": "1",
            "grading_method": "highest",
            "pass_mark": "60",
            "shuffle_answers": "on",
            "questions_per_page": "0",
            "review_score": "after_submit",
            "review_correctness": "after_submit",
            "review_feedback": "after_submit",
            "review_correct_answers": "after_close",
            # Trainers submit for review; a coordinator approves (content 0003).
            "action-submit": "submit",
        }
    )
    response = trainer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = QuizPage.objects.get(slug="quiz-ascolto")
    assert not quiz.live
    state = quiz.current_workflow_state.current_task_state
    state.task.specific.on_action(state, coordinator, "approve")
    quiz.refresh_from_db()
    assert quiz.live and Page.objects.get(pk=quiz.pk).get_parent().pk == section.pk
    from assessments.services import attempt_start

    attempt = attempt_start(quiz=quiz, user=trainee)
    assert sorted(r.question.name for r in attempt.responses.all()) == [
        "Ascolto attivo",
        "Domande",
    ]
    assert Attempt.objects.get().deadline is not None


def questions_import_for_test(text):
    from assessments.services import questions_import

    return questions_import(text=text, fmt="gift", category_path="Dal Moodle")


def test_question_bank_search_finds_by_name_and_by_text(trainer_client, bank):
    """Searching the bank (it crashed on SQLite's full-text backend) matches name and text."""
    question = bank["capital"]
    url = reverse("assessments_questions:index")
    by_name = trainer_client.get(url, {"q": question.name[:5]})
    assert by_name.status_code == 200
    assert question in by_name.context["object_list"]
    words = question.text.split()
    by_text = trainer_client.get(url, {"q": max(words, key=len)})
    assert question in by_text.context["object_list"]
    nothing = trainer_client.get(url, {"q": "zzqx-no-such-question"})
    assert list(nothing.context["object_list"]) == []
