"""The demo bank and quizzes load, and loading twice changes nothing."""

import pytest

from assessments import demo
from assessments.models import Question, QuizPage
from courses.models import ModulePage
from tests.courses.factories import make_catalog, make_course

pytestmark = pytest.mark.django_db


def test_demo_loads_the_bank_and_quizzes_idempotently(home_page):
    course = make_course(make_catalog(home_page), slug=demo.COURSE_SLUG, modules=0)
    for slug, name, _file in demo.MODULES:
        course.add_child(instance=ModulePage(title=name, slug=slug))
    demo.load()
    assert Question.objects.count() == 66
    assert Question.objects.filter(qtype="essay", rubric__isnull=False).count() == 6
    assert QuizPage.objects.filter(slug="quiz-pratica").count() == 6
    final = QuizPage.objects.get(slug="quiz-finale")
    assert (final.time_limit_minutes, final.slots.count()) == (20, 6)
    demo.load()
    assert Question.objects.count() == 66
    assert QuizPage.objects.count() == 7


def test_demo_without_the_course_loads_just_the_bank(db):
    demo.load()
    assert Question.objects.count() == 66
    assert not QuizPage.objects.exists()


def test_demo_questions_are_translated_and_a_second_load_leaves_them_alone(db):
    from assessments.models import QuestionTranslation
    from assessments.translations import CURRENT, source_data, translation_state

    demo.load()
    question = Question.objects.get(name="Chi è un peer coach")
    made = {t.language: t for t in question.translations.all()}
    assert set(made) == {"en", "fr", "ar"}
    assert made["ar"].text == "مَن هو الـ peer coach (المرافق من الأقران)؟"
    assert made["fr"].text == "Qui est un peer coach ?"
    assert all(translation_state(source_data(question), t) == CURRENT for t in made.values())
    roma_like = question.answers.order_by("sort_order").first()
    assert made["fr"].answers[roma_like.key]["feedback"].startswith("Exact :")
    # Every bank in English; module 1 also in French and Arabic.
    assert QuestionTranslation.objects.filter(language="en").count() == 66
    assert QuestionTranslation.objects.filter(language="ar").count() >= 11
    stamps = list(QuestionTranslation.objects.order_by("pk").values_list("updated_at", flat=True))
    demo.load()
    assert stamps == list(
        QuestionTranslation.objects.order_by("pk").values_list("updated_at", flat=True)
    )
