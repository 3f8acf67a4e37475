"""The trainee dashboard at /dashboard/."""

import pytest
from django.urls import reverse
from django.utils import translation

from courses.services import enrollment_create, lesson_complete, session_register
from lms import hooks as lms_hooks
from tests.hooks import hooks_replaced

from .factories import lessons_of, make_cohort, make_course, make_session

pytestmark = pytest.mark.django_db


def test_dashboard_url_name():
    with translation.override("it"):
        assert reverse("courses:dashboard") == "/dashboard/"
    with translation.override("en"):
        assert reverse("courses:dashboard") == "/en/dashboard/"


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_trainee_lands_on_the_dashboard_after_login(trainee_client):
    response = trainee_client.get("/accounts/welcome/")
    assert response["Location"] == "/dashboard/"


def test_dashboard_shows_my_courses_with_progress_and_next_step(trainee_client, trainee, catalog):
    course = make_course(catalog, title="Percorso peer coach", modules=2, lessons=2)
    enrollment_create(user=trainee, course=course)
    lessons = lessons_of(course)
    lesson_complete(user=trainee, lesson=lessons[0])
    response = trainee_client.get("/dashboard/")
    assert "Percorso peer coach" in response.text
    assert 'max="4" value="1"' in response.text
    assert f'href="{lessons[1].url}"' in response.text
    assert "Lezione 1.2" in response.text


def test_dashboard_lists_upcoming_sessions_of_my_cohort_only(
    trainee_client, trainee, other_trainee, catalog
):
    course = make_course(catalog, modules=1, lessons=1)
    bari = make_cohort(course, name="Bari", territory="bari")
    lecce = make_cohort(course, name="Lecce", territory="lecce")
    enrollment_create(user=trainee, course=course, cohort=bari)
    make_session(bari, course, title="Laboratorio a Bari")
    make_session(lecce, course, title="Laboratorio a Lecce")
    make_session(bari, course, title="Già fatto", days=-3)
    text = trainee_client.get("/dashboard/").text
    assert "Laboratorio a Bari" in text
    assert "Laboratorio a Lecce" not in text
    assert "Già fatto" not in text


def test_a_trainee_put_in_a_cohort_sees_its_sessions(trainee_client, trainee, catalog):
    """Without a cohort there are no sessions to look for (no query); with one, they show."""
    from courses.models import Enrollment

    course = make_course(catalog, modules=1, lessons=1)
    cohort = make_cohort(course, name="Bari", territory="bari")
    make_session(cohort, course, title="Laboratorio a Bari")
    enrollment = enrollment_create(user=trainee, course=course)[0]
    assert "Laboratorio a Bari" not in trainee_client.get("/dashboard/").text
    Enrollment.objects.filter(pk=enrollment.pk).update(cohort=cohort)
    assert "Laboratorio a Bari" in trainee_client.get("/dashboard/").text


def test_dashboard_shows_only_my_own_data(client, trainee, other_trainee, catalog):
    mine = make_course(catalog, title="Il mio corso")
    theirs = make_course(catalog, title="Il corso altrui")
    enrollment_create(user=trainee, course=mine)
    enrollment_create(user=other_trainee, course=theirs)
    client.force_login(trainee)
    text = client.get("/dashboard/").text
    assert "Il mio corso" in text and "Il corso altrui" not in text


def test_registered_session_is_marked(trainee_client, trainee, catalog):
    course = make_course(catalog, modules=1, lessons=1)
    cohort = make_cohort(course)
    enrollment_create(user=trainee, course=course, cohort=cohort)
    session = make_session(cohort, course, title="Co-progettazione")
    session_register(user=trainee, session=session)
    response = trainee_client.get("/dashboard/")
    assert response.context["dashboard"].sessions[0].is_registered


def test_later_apps_can_add_a_dashboard_panel(trainee_client, monkeypatch, settings, tmp_path):
    (tmp_path / "panel.html").write_text(
        "<section><h2>Attestati</h2>{{ panel.greeting }}</section>"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    hooks_replaced(monkeypatch, lms_hooks.DASHBOARD_PANELS)
    # Without a panel there is no certificates section at all (courses keeps no placeholder).
    assert 'id="my-certificates"' not in trainee_client.get("/dashboard/").text

    def panel(*, request, **kwargs):
        return lms_hooks.DashboardPanel(
            template_name="panel.html",
            context={"greeting": f"Ciao {request.user.first_name}"},
        )

    hooks_replaced(monkeypatch, lms_hooks.DASHBOARD_PANELS, panel)
    text = trainee_client.get("/dashboard/").text
    assert "Quando completi un percorso" not in text
    assert "<h2>Attestati</h2>Ciao " in text
