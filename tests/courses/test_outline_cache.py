"""The course outline's structure is cached per page-tree version: a lesson published,
unpublished, moved or deleted shows at once; only the learner's progress is read per
request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from courses.selectors import course_outline_for
from courses.services import enrollment_create, lesson_complete

from .factories import lessons_of, make_catalog, make_course, modules_of

pytestmark = pytest.mark.django_db


def _titles(course, user, enrollment=None):
    outline = course_outline_for(course=course, user=user, enrollment=enrollment)
    return [[item.lesson.title for item in module.lessons] for module in outline.modules]


@pytest.fixture
def course(home_page):
    return make_course(make_catalog(home_page), modules=2, lessons=2)


def test_the_structure_comes_from_the_cache_and_progress_from_one_query(course, trainee):
    enrollment = enrollment_create(user=trainee, course=course)
    course_outline_for(course=course, user=trainee, enrollment=enrollment)  # fills the cache
    lesson_complete(user=trainee, lesson=lessons_of(course)[0])
    with CaptureQueriesContext(connection) as queries:
        outline = course_outline_for(course=course, user=trainee, enrollment=enrollment)
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "courses_modulepage" not in tables  # the structure: from the cache
    assert len(queries) == 1  # the progress (no quiz here: no standing to read)
    assert [item.done for item in outline.lessons] == [True, False, False, False]


def test_a_published_lesson_shows_at_once(course, trainee):
    assert _titles(course, trainee) == [
        ["Lezione 1.1", "Lezione 1.2"],
        ["Lezione 2.1", "Lezione 2.2"],
    ]
    module = modules_of(course)[0]
    module.add_child(instance=LessonPage(title="Lezione nuova", slug="nuova"))
    assert _titles(course, trainee)[0] == ["Lezione 1.1", "Lezione 1.2", "Lezione nuova"]


def test_an_unpublished_or_edited_lesson_shows_at_once(course, trainee):
    _titles(course, trainee)
    lesson = lessons_of(course)[0]
    lesson.unpublish()
    assert _titles(course, trainee)[0] == ["Lezione 1.2"]
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.title = "Lezione rinominata"
    lesson.save_revision().publish()
    assert _titles(course, trainee)[0] == ["Lezione rinominata", "Lezione 1.2"]


def test_a_moved_or_deleted_lesson_shows_at_once(course, trainee):
    _titles(course, trainee)
    first, second = modules_of(course)
    lesson = lessons_of(course)[0]
    lesson.move(second, pos="last-child")
    assert _titles(course, trainee) == [
        ["Lezione 1.2"],
        ["Lezione 2.1", "Lezione 2.2", "Lezione 1.1"],
    ]
    LessonPage.objects.get(pk=lesson.pk).delete()
    assert _titles(course, trainee) == [["Lezione 1.2"], ["Lezione 2.1", "Lezione 2.2"]]


def test_the_catalogue_languages_come_from_the_cache_and_follow_a_translation(
    home_page, django_assert_num_queries
):
    """A course's languages ("fully in English") are computed from the tree once per tree
    version: a translation published, or unpublished, shows on the next request."""
    from django.utils import translation

    from courses.selectors.catalogue import language_labels

    from .factories import translate_tree

    with translation.override("it"):  # the labels are in the reader's language
        course = make_course(make_catalog(home_page), modules=1, lessons=1)
        assert language_labels([course]) == {course.pk: ["Italiano (originale)"]}
        with django_assert_num_queries(0):
            language_labels([course])
        english = translate_tree(course)
        assert language_labels([course]) == {
            course.pk: ["Italiano (originale)", "interamente in inglese"]
        }
        english.refresh_from_db()
        english.unpublish()  # the course page: its module and lesson stay translated
        assert language_labels([course]) == {
            course.pk: ["Italiano (originale)", "Italiano con supporto in inglese (67%)"]
        }


def test_a_renamed_lesson_is_linked_at_its_new_address_at_once(course, trainee):
    """Each step's address is worked out once and kept with the structure."""
    outline = course_outline_for(course=course, user=trainee, enrollment=None)
    lesson = outline.lessons[0].lesson
    assert lesson.url.endswith("/lezione-1-1/") or lesson.url.endswith(f"/{lesson.slug}/")
    page = LessonPage.objects.get(pk=lesson.pk)
    page.slug = "rinominata"
    page.save_revision().publish()
    again = course_outline_for(course=course, user=trainee, enrollment=None).lessons[0].lesson
    assert again.url == LessonPage.objects.get(pk=lesson.pk).url
    assert again.url.endswith("/rinominata/")


def test_a_changed_site_address_shows_in_the_outline_at_once(course, trainee):
    from wagtail.models import Site

    def first_url():
        outline = course_outline_for(course=course, user=trainee, enrollment=None)
        return outline.lessons[0].lesson.full_url

    first = first_url()
    site = Site.objects.get(is_default_site=True)
    assert first.startswith(site.root_url)
    site.hostname, site.port = "impact.example", 443
    site.save()
    full_url = first_url()
    assert full_url.startswith("https://impact.example/")


def test_a_cleared_cache_leaves_no_old_copy_in_a_workers_memory(course, trainee):
    """Redis restarted or flushed (or a database restored): the copy each process keeps
    must not be taken for the new data, even for a change made without any signal."""
    from django.core.cache import cache

    cache.clear()  # the versions start afresh, as after the change below
    assert _titles(course, trainee)[0] == ["Lezione 1.1", "Lezione 1.2"]
    first = lessons_of(course)[0]
    LessonPage.objects.filter(pk=first.pk).update(title="Cambiata di nascosto")
    cache.clear()
    assert _titles(course, trainee)[0] == ["Cambiata di nascosto", "Lezione 1.2"]


def test_the_dashboards_catalogue_link_follows_a_new_translation_at_once(client, course, trainee):
    """The catalogue the dashboard links to is cached per tree version and language."""
    from tests.courses.factories import translate_tree

    enrollment_create(user=trainee, course=course)
    client.force_login(trainee)
    catalogue = course.get_parent()
    english = client.get("/en/dashboard/")
    assert english.context["catalog"].pk == catalogue.pk  # no English catalogue yet
    translated = translate_tree(catalogue, "en")
    english = client.get("/en/dashboard/")
    assert english.context["catalog"].pk == translated.pk
    assert f'href="{translated.url}"' in english.content.decode()
    type(translated).objects.get(pk=translated.pk).unpublish()
    assert client.get("/en/dashboard/").context["catalog"].pk == catalogue.pk
    assert client.get("/dashboard/").context["catalog"].pk == catalogue.pk


def _card_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [card.course.title for card in response.context["courses"]]


def test_the_catalogue_page_follows_published_retagged_and_unpublished_courses(
    client, course, trainee
):
    """The page of cards is cached per tree version, language and filters; enrolment
    marks are each reader's own."""
    from courses.models import CoursePage
    from tests.courses.factories import make_cohort
    from tests.factories import TraineeFactory

    catalogue = course.get_parent()
    client.force_login(trainee)
    assert _card_titles(client, catalogue.url) == [course.title]
    second = make_course(catalogue, title="Secondo percorso", modules=0, tags=["nuovo"])
    assert _card_titles(client, catalogue.url) == [course.title, second.title]
    assert _card_titles(client, catalogue.url + "?tag=nuovo") == [second.title]
    page = CoursePage.objects.get(pk=course.pk)
    page.tags.add("nuovo")
    page.save_revision().publish()
    assert _card_titles(client, catalogue.url + "?tag=nuovo") == [course.title, second.title]
    # Marks: the cached cards are the same for everyone, the marks are not.
    enrollment_create(user=trainee, course=second)
    cards = client.get(catalogue.url).context["courses"]
    assert [card.enrolled for card in cards] == [False, True]
    client.force_login(TraineeFactory())
    cards = client.get(catalogue.url).context["courses"]
    assert [card.enrolled for card in cards] == [False, False]
    # Territories come from cohorts (not pages): read every time.
    assert _card_titles(client, catalogue.url + "?territory=lecce") == []
    make_cohort(second, name="Lecce 2026", territory="lecce")
    assert _card_titles(client, catalogue.url + "?territory=lecce") == [second.title]
    CoursePage.objects.get(pk=second.pk).unpublish()
    assert _card_titles(client, catalogue.url) == [course.title]
