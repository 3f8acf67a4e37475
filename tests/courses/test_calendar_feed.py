"""The personal calendar feed: a secret address that a phone's calendar subscribes to,
with the trainee's sessions and their reminders; reset or turned off, it stops at once."""

from datetime import timedelta

import pytest
from django.test import Client
from icalendar import Calendar

from courses.models import CalendarFeed
from courses.services import enrollment_create, session_register
from lms.accounts.consents import consent_give, consent_withdraw

from .factories import make_cohort, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(course, trainer):
    return make_cohort(course, name="Bari 2026", territory="bari", trainers=[trainer])


@pytest.fixture
def registered(trainee, course, cohort):
    """The trainee has a place in one session and not in another."""
    enrollment_create(user=trainee, course=course, cohort=cohort)
    booked = make_session(cohort, course, title="Ascolto attivo", place="Via Sparano 1, Bari")
    make_session(cohort, course, days=9, title="Non prenotata")
    session_register(user=trainee, session=booked)
    return booked


@pytest.fixture
def app():
    """A calendar app: it fetches the address with no session cookie."""
    return Client()


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def feed_url(trainee_client):
    trainee_client.post("/learn/calendar/", {"action": "enable"})
    page = trainee_client.get("/learn/calendar/")
    feed = CalendarFeed.objects.get()
    assert f"/calendar/{feed.token}.ics" in page.content.decode()
    assert f"webcal://testserver/calendar/{feed.token}.ics" in page.content.decode()
    return f"/calendar/{feed.token}.ics"


def test_the_feed_lists_my_booked_sessions_with_phone_reminders(app, trainee_client, registered):
    url = feed_url(trainee_client)
    (event,) = events(app.get(url))
    assert str(event["summary"]) == "Ascolto attivo"
    assert str(event["location"]) == "Via Sparano 1, Bari"
    assert event.decoded("dtstart") == registered.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)
    assert str(event["uid"]) == f"session-{registered.pk}@testserver"
    triggers = sorted(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
    assert triggers == [-timedelta(hours=24), -timedelta(hours=2)]
    # Nothing in it names another person.
    assert registered.cohort.trainers.first().email not in app.get(url).content.decode()


def test_giving_up_a_place_removes_the_session_from_the_feed(app, trainee_client, registered):
    url = feed_url(trainee_client)
    trainee_client.post(f"/learn/sessions/{registered.pk}/unregister/")
    assert events(app.get(url)) == []


def test_a_reset_secret_stops_the_old_address_at_once(app, trainee_client, registered):
    old = feed_url(trainee_client)
    trainee_client.post("/learn/calendar/", {"action": "reset"})
    feed = CalendarFeed.objects.get()
    assert app.get(old).status_code == 404
    assert events(app.get(f"/calendar/{feed.token}.ics"))
    assert feed.reset_at is not None


def test_turning_the_feed_off_deletes_the_address(app, trainee_client, registered):
    url = feed_url(trainee_client)
    trainee_client.post("/learn/calendar/", {"action": "disable"})
    assert not CalendarFeed.objects.exists()
    assert app.get(url).status_code == 404
    assert (
        "Create my calendar address" in trainee_client.get("/en/learn/calendar/").content.decode()
    )


def test_no_feed_for_a_deactivated_account_or_a_withdrawn_consent(
    app, trainee, trainee_client, registered
):
    url = feed_url(trainee_client)
    # Through the services My privacy uses (a queryset update would skip the consent
    # cache's invalidation, which no screen does).
    consent_withdraw(user=trainee, purpose="data_processing")
    assert app.get(url).status_code == 404
    consent_give(user=trainee, purpose="data_processing", language="it", channel="privacy_page")
    assert app.get(url).status_code == 200
    trainee.is_active = False
    trainee.save()
    assert app.get(url).status_code == 404


def test_unknown_and_oversized_secrets_are_404(app, registered):
    assert app.get("/calendar/not-a-secret.ics").status_code == 404
    assert app.get("/calendar/" + "x" * 200 + ".ics").status_code == 404


def test_the_feed_speaks_the_language_of_its_address(app, trainee_client, registered):
    url = feed_url(trainee_client)
    calendar = Calendar.from_ical(app.get("/ar" + url).content)
    assert str(calendar["x-wr-calname"]) == "Impact LMS: جلساتي ومواعيدي النهائية"
    calendar = Calendar.from_ical(app.get(url).content)
    assert str(calendar["x-wr-calname"]) == "Impact LMS: i miei incontri e le mie scadenze"


def test_the_calendar_page_needs_a_login(app):
    response = app.get("/learn/calendar/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_feed_is_in_my_personal_data_export_without_its_secret(trainee, trainee_client):
    from lms.accounts.services import user_export_data

    trainee_client.post("/learn/calendar/", {"action": "enable"})
    exported = user_export_data(user=trainee)
    text = str(exported)
    assert exported["courses"]["calendar_feed"][0]["created_at"]
    assert CalendarFeed.objects.get().token not in text


def test_the_feed_runs_a_fixed_number_of_queries(
    app, trainee, trainee_client, course, cohort, registered, django_assert_max_num_queries
):
    url = feed_url(trainee_client)
    with django_assert_max_num_queries(12) as few:
        app.get(url)
    for day in range(10, 20):
        session_register(user=trainee, session=make_session(cohort, course, days=day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(events(app.get(url))) == 11
