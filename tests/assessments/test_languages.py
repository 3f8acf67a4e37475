"""Quizzes in every language: an untranslated quiz is served under the reader's prefix,
marked as Italian, and attempts, limits and grades belong to the original (issue 14)."""

import re

import pytest
from wagtail.models import Locale

from assessments.models import Attempt
from assessments.services import attempt_start, attempt_submit
from tests.assessments.conftest import make_quiz
from tests.courses.factories import translate_tree

pytestmark = pytest.mark.django_db


def _quiz_link(html: str, slug: str) -> str:
    links = re.findall(rf'href="([^"]*/{slug}/)"', html)
    assert links, f"no link to {slug}"
    return links[0]


def test_an_untranslated_quiz_is_listed_and_served_under_the_readers_prefix(
    client, course, section, bank, enrolled, trainee
):
    course_en = translate_tree(course, "en")
    quiz = make_quiz(section, [bank["capital"]], title="Quiz solo in italiano", slug="solo-it")
    client.force_login(trainee)
    html = client.get(course_en.url).content.decode()
    link = _quiz_link(html, "solo-it")
    assert link.startswith("/en/")

    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<h1 lang="it" dir="ltr">Quiz solo in italiano</h1>' in html
    assert "This content is only available in Italian." in html
    assert f'action="{link}"' in html

    started = client.post(link)
    attempt = Attempt.objects.get(user=trainee)
    assert attempt.quiz_id == quiz.pk
    assert started.url == f"/en/quiz/attempt/{attempt.pk}/"


def test_the_attempt_limit_counts_every_language(client, course, section, bank, enrolled, trainee):
    quiz = make_quiz(section, [bank["capital"]], title="Una volta", slug="una", max_attempts=1)
    quiz_ar = quiz.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    quiz_ar.save_revision().publish()
    attempt = attempt_start(quiz=quiz, user=trainee)
    attempt_submit(attempt=attempt, answers={})
    client.force_login(trainee)
    html = client.get(quiz_ar.url).content.decode()
    assert 'dir="rtl"' in html
    assert "Start the quiz" not in html
    client.post(quiz_ar.url)
    assert Attempt.objects.filter(user=trainee).count() == 1
    # Started from the translation, an attempt is at the original.
    other = make_quiz(section, [bank["capital"]], title="Altro", slug="altro")
    other_ar = other.copy_for_translation(Locale.objects.get(language_code="ar"))
    other_ar.save_revision().publish()
    assert attempt_start(quiz=other_ar, user=trainee).quiz_id == other.pk
