"""The pages a lesson and the dashboard read on every request — the lesson itself (the
route's page), its course (``course_at``) and the courses of a person's enrolments and
sessions (``courses_by_pk``) — are kept in each process under the tree's version: a
course renamed, unpublished or retitled in a new revision shows on the next request,
and no request's changes to its copy reach another's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CoursePage, Enrollment, LessonPage
from courses.selectors import course_at, courses_by_pk

from .factories import lessons_of, translate_tree

pytestmark = pytest.mark.django_db


def _rename(page, title):
    page = type(page).objects.get(pk=page.pk)
    page.title = title
    page.save_revision().publish()


def test_a_renamed_course_shows_on_its_lessons_and_the_dashboard(
    trainee_client, course, enrollment
):
    lesson = lessons_of(course)[0]
    assert course.title in trainee_client.get(lesson.url).content.decode()
    assert course.title in trainee_client.get("/dashboard/").content.decode()
    _rename(course, "Corso rinominato")
    assert "Corso rinominato" in trainee_client.get(lesson.url).content.decode()
    assert "Corso rinominato" in trainee_client.get("/dashboard/").content.decode()


def test_a_retitled_lesson_shows_on_the_next_visit(trainee_client, course, enrollment):
    lesson = lessons_of(course)[0]
    trainee_client.get(lesson.url)  # remembers the route and the page
    trainee_client.get(lesson.url)  # from memory
    _rename(lesson, "Lezione con un titolo nuovo")
    for _visit in range(2):  # the route found anew, then remembered again
        response = trainee_client.get(lesson.url)
        assert response.context["page"].title == "Lezione con un titolo nuovo"
        assert "Lezione con un titolo nuovo</h1>" in response.content.decode()


def test_an_unpublished_course_closes_its_lessons(trainee_client, course, enrollment):
    lesson = lessons_of(course)[0]
    assert trainee_client.get(lesson.url).status_code == 200
    CoursePage.objects.get(pk=course.pk).unpublish()
    assert trainee_client.get(lesson.url).status_code == 404


def test_the_remembered_pages_are_each_callers_own_copy(course):
    first, _pks = course_at(course.path)
    first.title = "changed by one request"
    again, pks = course_at(course.path)
    assert again.title == course.title
    assert pks == (course.pk,)
    by_pk = courses_by_pk([course.pk])[course.pk]
    by_pk.title = "changed by another"
    assert courses_by_pk([course.pk])[course.pk].title == course.title


def test_a_second_visit_reads_neither_the_lesson_nor_the_course(trainee_client, course, enrollment):
    url = lessons_of(course)[0].url
    trainee_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert trainee_client.get(url).status_code == 200
    page_reads = [q["sql"] for q in queries.captured_queries if "wagtailcore_page" in q["sql"]]
    # Only the progress (done lessons by key) and journal joins touch the page table.
    assert not [sql for sql in page_reads if 'FROM "wagtailcore_page"' in sql]


def test_a_translation_of_the_course_counts_for_the_enrolment(
    trainee_client, course, enrollment, locales
):
    """Reading a lesson in English (the course translated) finds the enrolment in the
    Italian original and remembers the original lesson as where they left off."""
    translate_tree(course, "en")
    english = LessonPage.objects.get(
        translation_key=lessons_of(course)[1].translation_key, locale__language_code="en"
    )
    response = trainee_client.get(english.url)
    assert response.status_code == 200
    assert response.context["enrollment"].pk == enrollment.pk
    assert Enrollment.objects.get(pk=enrollment.pk).last_lesson_id == lessons_of(course)[1].pk
