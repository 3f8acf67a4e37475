"""A trainee reading in Arabic stays in Arabic: lessons, completion and the outline
(issue 14). The course here has no Arabic translation at all."""

import pytest

from courses.models import LessonProgress
from courses.services import enrollment_create

from .factories import lessons_of, make_catalog, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return make_course(make_catalog(home_page), modules=1, lessons=2, activity=True)


def test_mark_complete_in_arabic_leads_on_in_arabic(client, course, trainee):
    enrollment_create(user=trainee, course=course)
    first, second = lessons_of(course)
    client.force_login(trainee)
    url = "/ar" + first.url
    page = client.get(url)
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f'rel="next" href="/ar{second.url}"' in html
    assert 'lang="it" dir="ltr"' in html  # the lesson itself is Italian
    response = client.post(url, {"action": "complete"})
    assert response.url == "/ar" + second.url
    assert LessonProgress.objects.filter(user=trainee, lesson=first).exists()


def test_the_catalogue_in_french_lists_untranslated_courses(client, home_page, course):
    html = client.get("/fr/courses/").content.decode()
    assert f'href="/fr{course.url}"' in html


def test_what_a_trainee_writes_takes_its_own_direction(client, course, trainee):
    from courses.services import journal_save

    enrollment_create(user=trainee, course=course)
    journal_save(user=trainee, lesson=lessons_of(course)[0], text="كتبت هذا بالعربية")
    client.force_login(trainee)
    for url in ("/dashboard/", "/dashboard/journal/", "/ar/dashboard/journal/"):
        assert '<p dir="auto">كتبت هذا بالعربية</p>' in client.get(url).content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/fr/courses/", "/fr/dashboard/"])
def test_pages_read_in_another_language_cost_the_same_with_more_courses(
    client, home_page, trainee, url
):
    """Untranslated courses get their French addresses in bulk, not a query each."""
    catalog = make_catalog(home_page)
    client.force_login(trainee)
    counts = []
    for n in range(3):
        course = make_course(catalog, title=f"Corso {n}", modules=1, lessons=2, activity=True)
        enrollment_create(user=trainee, course=course)
        if n in (0, 2):
            counts.append(_queries(client, url))
    assert counts[0] == counts[1]
