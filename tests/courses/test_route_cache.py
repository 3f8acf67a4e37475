"""Wagtail's route (the page an address leads to) is cached per page-tree version: a
page unpublished, moved or renamed answers at once; fallbacks take Wagtail's way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage

from .factories import lessons_of, modules_of, translate_tree

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, len(context.captured_queries)


def test_a_remembered_route_saves_the_walk_down_the_tree(
    trainee_client, course, enrollment, settings
):
    url = lessons_of(course)[0].url
    trainee_client.get(url)  # remembers the route
    cached, with_route_cache = _queries(trainee_client, url)
    settings.LMS_SHARED_CACHE = False
    trainee_client.get(url)
    walked, without = _queries(trainee_client, url)
    assert cached.status_code == walked.status_code == 200
    assert cached.context["page"].pk == walked.context["page"].pk
    assert with_route_cache < without


def test_an_unpublished_lesson_is_gone_at_once(trainee_client, course, enrollment):
    lesson = lessons_of(course)[1]
    assert trainee_client.get(lesson.url).status_code == 200
    lesson.unpublish()
    assert trainee_client.get(lesson.url).status_code == 404


def test_a_renamed_or_moved_lesson_answers_at_its_new_address(trainee_client, course, enrollment):
    lesson = lessons_of(course)[1]
    old = lesson.url
    assert trainee_client.get(old).status_code == 200
    lesson.slug = "nuovo-nome"
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert trainee_client.get(old).status_code == 404
    assert trainee_client.get(lesson.url).status_code == 200
    other_module = modules_of(course)[1]
    lesson.move(other_module, pos="last-child")
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.url.startswith(other_module.url)
    assert trainee_client.get(lesson.url).context["page"].pk == lesson.pk


def test_each_language_keeps_its_own_route(trainee_client, course, enrollment):
    translate_tree(course.get_parent())  # the catalogue and everything below, in English
    lesson = lessons_of(course)[0]
    italian = trainee_client.get(lesson.url)
    assert italian.context["page"].title == lesson.title
    for _ in range(2):  # the second time from the cache
        response = trainee_client.get("/en" + lesson.url)
        assert response.status_code == 200
        assert response.context["page"].title == lesson.title + " (EN)"
        again = trainee_client.get(lesson.url)
        assert again.context["page"].title == lesson.title


def test_a_fallback_to_the_original_is_served_every_time(trainee_client, course, enrollment):
    """An Arabic reader of an Italian-only lesson gets the original (never cached as
    the Arabic route, never lost)."""
    lesson = lessons_of(course)[0]
    for _ in range(2):
        response = trainee_client.get("/ar" + lesson.url)
        assert response.status_code == 200
        assert response.context["page"].pk == lesson.pk
