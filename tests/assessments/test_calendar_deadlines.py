"""Quiz deadlines in the trainee's calendar feed: the quizzes of my courses that close,
in my language, until I have submitted them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from assessments.services import attempt_start, attempt_submit
from courses import calendar_feed
from tests.courses.factories import make_catalog, make_course, translate_tree

from .conftest import make_quiz

pytestmark = pytest.mark.django_db


def deadlines(path):
    response = Client().get(path)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("quiz-closes-")]


@pytest.fixture
def closing(section, bank):
    closes = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    return make_quiz(section, [bank["capital"]], title="Verifica finale", closes_at=closes)


def test_a_closing_quiz_of_my_course_is_in_my_feed_until_i_submit_it(
    trainee, enrolled, closing, home_page
):
    other = make_course(make_catalog(home_page, slug="altri"), slug="altro", modules=1)
    make_quiz(other.get_children().first(), title="Non mio", closes_at=closing.closes_at)
    feed = calendar_feed.enable(trainee)
    url = f"/calendar/{feed.token}.ics"

    (event,) = deadlines(url)
    assert str(event["summary"]) == "Chiusura del quiz: Verifica finale"
    assert event.decoded("dtstart") == closing.closes_at
    assert "dtend" not in event  # a moment, not a span
    assert str(event["url"]).endswith(closing.url)
    assert [a.decoded("trigger") for a in event.walk("VALARM")] == [-timedelta(days=1)]

    attempt = attempt_submit(attempt=attempt_start(quiz=closing, user=trainee))
    assert attempt.submitted_at
    assert deadlines(url) == []


def test_the_deadline_reads_in_the_feeds_language_with_the_translated_title(
    trainee, enrolled, closing
):
    translate_tree(closing, "en", suffix=" (EN)")
    feed = calendar_feed.enable(trainee)
    (event,) = deadlines(f"/en/calendar/{feed.token}.ics")
    assert str(event["summary"]) == "Quiz closes: Verifica finale (EN)"
    assert "/en/" in str(event["url"])
    (event,) = deadlines(f"/ar/calendar/{feed.token}.ics")
    assert str(event["summary"]) == "إغلاق الاختبار: Verifica finale"  # no Arabic title yet
    assert "/ar/" in str(event["url"])  # the fallback page stays in Arabic


def test_quizzes_without_a_deadline_or_long_closed_are_left_out(trainee, enrolled, section, bank):
    make_quiz(section, [bank["capital"]], title="Senza scadenza")
    make_quiz(
        section, [bank["capital"]], title="Chiuso", closes_at=timezone.now() - timedelta(days=200)
    )
    feed = calendar_feed.enable(trainee)
    assert deadlines(f"/calendar/{feed.token}.ics") == []
