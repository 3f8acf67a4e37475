"""The demo: two real courses in Italian and English, cohorts, sessions, real progress."""

import pytest
from django.core.management import call_command

from courses.models import (
    AttendanceEntry,
    Cohort,
    CoursePage,
    Enrollment,
    JournalEntry,
    LessonPage,
    LessonProgress,
    ModulePage,
    SessionRegistration,
    WorkshopSession,
)

pytestmark = pytest.mark.django_db


def counts():
    models = [
        CoursePage,
        ModulePage,
        LessonPage,
        Cohort,
        Enrollment,
        LessonProgress,
        JournalEntry,
        WorkshopSession,
        SessionRegistration,
        AttendanceEntry,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_demo_catalogue_lists_both_courses_in_italian_and_english(client, demo):
    italian = client.get("/courses/")
    assert [c.course.title for c in italian.context["courses"]] == [
        "Percorso per peer coach",
        "Laboratori di apprendimento cooperativo",
    ]
    english = client.get("/en/courses/")
    assert [c.course.title for c in english.context["courses"]] == [
        "Peer-coach path",
        "Cooperative-learning workshops",
    ]


def test_peer_coach_path_has_six_modules_and_fifteen_lessons(demo):
    course = CoursePage.objects.get(slug="percorso-peer-coach", locale__language_code="it")
    assert ModulePage.objects.child_of(course).count() == 6
    assert LessonPage.objects.descendant_of(course).count() == 15


def test_demo_trainee_dashboard_shows_real_progress(client, demo):
    from django.contrib.auth import get_user_model

    amina = get_user_model().objects.get(username="trainee@impact.example")
    client.force_login(amina)
    response = client.get("/dashboard/")
    outlines = {o.course.slug: o for o in response.context["dashboard"].outlines}
    assert outlines["percorso-peer-coach"].done_count == 7
    assert outlines["percorso-peer-coach"].next_lesson.slug == "facilitare-un-incontro"
    assert 'max="15" value="7"' in response.text
    assert response.context["dashboard"].sessions
    assert response.context["dashboard"].journal


def test_trainer_trains_the_bari_cohort(demo):
    bari = Cohort.objects.get(name="Bari 2026")
    assert bari.trainers.filter(username="trainer@impact.example").exists()
    assert {c.territory for c in Cohort.objects.all()} == {"bari", "foggia", "lecce"}


def test_loading_the_demo_twice_changes_nothing(demo):
    before = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
