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


@pytest.mark.parametrize("which", ["catalogue", "quiz"])
def test_pages_found_by_wagtails_own_walk_are_remembered_too(
    which, trainee_client, course, enrollment, monkeypatch
):
    """The catalogue (under the home page) and a quiz (in a module) are found by
    Wagtail's walk down the tree, not the catalogue's short way for lessons: the second
    visit takes no step of that walk."""
    from wagtail.models import Page

    from assessments.models import QuizPage
    from tests.assessments.conftest import make_quiz

    if which == "catalogue":
        page = course.get_parent()
    else:
        make_quiz(modules_of(course)[0])
        page = QuizPage.objects.descendant_of(course).get()
    steps = []
    walk = Page.route

    def counted(self, request, path_components):
        steps.append(self.pk)
        return walk(self, request, path_components)

    monkeypatch.setattr(Page, "route", counted)
    first = trainee_client.get(page.url)
    assert steps, "the first visit walks the tree"
    steps.clear()
    again = trainee_client.get(page.url)
    assert first.status_code == again.status_code == 200
    assert again.context["page"].pk == page.pk
    assert steps == []


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


def test_a_view_restriction_added_or_removed_applies_at_once(trainee_client, course):
    """While no page has a Wagtail view restriction, serving a page does not look for
    one; the first restriction a trainer sets on a page (and its removal) applies to
    the very next request, to the page and everything below it."""
    from django.test import Client
    from wagtail.models import PageViewRestriction

    anonymous = Client()
    catalogue = course.get_parent()
    assert anonymous.get(catalogue.url).status_code == 200
    assert anonymous.get(course.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=catalogue, restriction_type=PageViewRestriction.LOGIN
    )
    for url in (catalogue.url, course.url):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert trainee_client.get(catalogue.url).status_code == 200
    restriction.delete()
    assert anonymous.get(course.url).status_code == 200


def _switcher_links(response) -> dict[str, str]:
    import re

    nav = re.search(r'<nav class="lang".*?</nav>', response.content.decode(), re.S).group(0)
    return dict(re.findall(r'<a href="([^"]*)" lang="([^"]+)"', nav)[i][::-1] for i in range(4))


def test_the_language_switcher_follows_a_new_or_renamed_translation(
    trainee_client, course, enrollment
):
    """The switcher's addresses of a page's translations are cached under the tree
    version: a translation published, renamed or unpublished shows at once."""
    lesson = lessons_of(course)[0]
    before = _switcher_links(trainee_client.get(lesson.url))
    assert before["fr"] == "/fr" + lesson.url  # untranslated: the original, in French
    translate_tree(course.get_parent(), "fr", suffix=" (FR)")
    french = LessonPage.objects.get(
        translation_key=lesson.translation_key, locale__language_code="fr"
    )
    french.slug = "lecon-1"
    french.save_revision().publish()
    french = LessonPage.objects.get(pk=french.pk)
    links = _switcher_links(trainee_client.get(lesson.url))
    assert links["fr"] == french.url == french.get_parent().url + "lecon-1/"
    assert links["it"] == lesson.url
    french.unpublish()
    assert _switcher_links(trainee_client.get(lesson.url))["fr"] == "/fr" + lesson.url
