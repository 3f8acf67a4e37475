"""The demo's pages in four languages: which pages each language has, and a second
``load_demo`` changes no page."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from assessments.models import QuizPage
from courses.models import CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db


def _course(language):
    return CoursePage.objects.get(slug="percorso-peer-coach", locale__language_code=language)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_peer_coach_course_modules_and_quizzes_exist_in_every_language(demo, language):
    course = _course(language)
    italian = _course("it")
    assert course.title != italian.title
    modules = ModulePage.objects.descendant_of(course)
    assert modules.count() == ModulePage.objects.descendant_of(italian).count() == 6
    assert all(m.title != m.get_translation(italian.locale).title for m in modules)
    quizzes = QuizPage.objects.descendant_of(course)
    assert quizzes.count() == 7
    assert all(q.title != q.get_translation(italian.locale).title for q in quizzes)


def test_a_second_load_changes_no_page(demo):
    before = list(Page.objects.order_by("pk").values_list("pk", "title", "latest_revision_id"))
    call_command("load_demo", stdout=io.StringIO())
    after = list(Page.objects.order_by("pk").values_list("pk", "title", "latest_revision_id"))
    assert after == before


def test_english_has_every_lesson(demo):
    assert LessonPage.objects.descendant_of(_course("en")).count() == (
        LessonPage.objects.descendant_of(_course("it")).count()
    )
