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
