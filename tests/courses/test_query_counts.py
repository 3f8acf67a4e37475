"""Query budgets: each page runs as many queries with a lot of data as with a little."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrollment_create, journal_save, lesson_complete, session_register
from lms.roles import Role
from tests.factories import UserFactory

from .factories import lessons_of, make_catalog, make_cohort, make_course, make_session

pytestmark = pytest.mark.django_db

# The lesson page for a signed-in trainee with progress (issue 20 asks for at most 8):
# the session (the database's here; the cache's in production), the enrolment, the
# progress and the journal entry; in a module with quizzes, the quiz standings too. The
# signed-in person, the lesson and its course (kept per process under the tree's
# version), roles, consent, site, locale, route, view restrictions (none), the
# language switcher's translations and the outline's structure come from the cache.
LESSON_PAGE_BUDGET = 4
LESSON_WITH_QUIZZES_BUDGET = LESSON_PAGE_BUDGET + 1


def count_queries(client, url) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def build(home, *, size: int, trainee, trainer):
    """A catalogue with ``size`` courses; the first one has ``size`` modules and lessons,
    ``size`` learners in a cohort with ``size`` sessions and ``size`` journal entries."""
    catalog = make_catalog(home)
    courses = [
        make_course(
            catalog,
            title=f"Corso {n}",
            modules=size if n == 0 else 1,
            lessons=size if n == 0 else 1,
            activity=True,
            tags=[f"tema-{n}", "comune"],
            languages=("it", "en"),
        )
        for n in range(size)
    ]
    main = courses[0]
    cohort = make_cohort(*courses, name="Bari", territory="bari", trainers=[trainer])
    for course in courses:
        enrollment_create(user=trainee, course=course, cohort=cohort)
    lessons = lessons_of(main)
    for lesson in lessons[:size]:
        lesson_complete(user=trainee, lesson=lesson)
        journal_save(user=trainee, lesson=lesson, text="Una riflessione")
    for _ in range(size):
        learner = UserFactory(role=Role.TRAINEE)
        enrollment_create(user=learner, course=main, cohort=cohort)
        lesson_complete(user=learner, lesson=lessons[0])
    for n in range(size):
        session = make_session(cohort, main, days=n + 1, title=f"Sessione {n}")
        session_register(user=trainee, session=session)
    return catalog, main, cohort, lessons


@pytest.fixture
def counts(client, home_page, trainer):
    """Query counts of every page, for a given data size (fresh data each call)."""

    def measure(size):
        from django.db import transaction

        sid = transaction.savepoint()
        trainee = UserFactory(role=Role.TRAINEE)
        catalog, main, cohort, lessons = build(
            home_page, size=size, trainee=trainee, trainer=trainer
        )
        result = {}
        client.force_login(trainee)
        result["catalogue"] = count_queries(client, catalog.url)
        result["course"] = count_queries(client, main.url)
        result["lesson"] = count_queries(client, lessons[-1].url)
        result["dashboard"] = count_queries(client, "/dashboard/")
        result["journal"] = count_queries(client, "/dashboard/journal/")
        client.force_login(trainer)
        result["cohort progress"] = count_queries(
            client, f"/learn/cohorts/{cohort.pk}/courses/{main.pk}/"
        )
        result["sessions"] = count_queries(client, "/learn/sessions/")
        first_session = main.sessions.order_by("pk").first()
        result["attendance"] = count_queries(
            client, f"/learn/sessions/{first_session.pk}/attendance/"
        )
        client.logout()
        result["anonymous catalogue"] = count_queries(client, catalog.url)
        result["anonymous course"] = count_queries(client, main.url)
        transaction.savepoint_rollback(sid)
        return result

    return measure


def test_query_counts_do_not_grow_with_the_data(counts):
    small = counts(1)
    large = counts(6)
    assert small == large


def test_lesson_page_stays_within_budget_at_small_and_large_sizes(counts):
    small, large = counts(1)["lesson"], counts(6)["lesson"]
    assert small == large <= LESSON_PAGE_BUDGET


def test_catalogue_pages_cost_the_same_however_many_courses(client, home_page, trainee):
    """One course, or the last of three pages of filtered courses: as many queries."""
    catalog = make_catalog(home_page)
    first = make_course(catalog, title="Corso 00", modules=0, tags=["comune"], languages=("it",))
    enrollment_create(user=trainee, course=first)
    client.force_login(trainee)
    one = count_queries(client, catalog.url)
    for n in range(1, 30):
        make_course(
            catalog,
            title=f"Corso {n:02}",
            modules=0,
            tags=["comune", f"t{n}"],
            languages=("it", "en"),
        )
    filtered = count_queries(client, catalog.url + "?tag=comune&language=it&page=3")
    assert client.get(catalog.url + "?tag=comune&page=3").context["courses_count"] == 30
    assert one == filtered
