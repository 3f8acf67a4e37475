"""Tracked online learning time (issue 17): a beacon from lesson and quiz pages, one
row per page visit, at most 30 minutes a visit, never more than the time since the
visit began, idempotent per visit, and never counted as workshop hours."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.exceptions import CourseError, NotAllowed
from courses.models import Enrollment, OnlineLearningTime
from courses.selectors import ledger_hours, online_hours, online_hours_for
from courses.services import enrollment_create, online_time_record

from .factories import lessons_of


@pytest.fixture
def enrolled(course, trainee):
    enrollment_create(user=trainee, course=course, source=Enrollment.Source.COORDINATOR)
    return trainee


def test_a_visit_counts_the_visible_time_once_however_often_the_beacon_repeats(course, enrolled):
    lesson, visit, start = lessons_of(course)[0], str(uuid.uuid4()), timezone.now()
    online_time_record(user=enrolled, page=lesson, visit=visit, seconds=0, now=start)
    for minute in (5, 5, 10, 7):  # repeated and out-of-order beacons
        online_time_record(
            user=enrolled,
            page=lesson,
            visit=visit,
            seconds=minute * 60,
            now=start + timedelta(minutes=10),
        )
    row = OnlineLearningTime.objects.get()
    assert row.seconds == 600
    assert online_hours_for(enrolled, course) == Decimal("0.17")


def test_an_open_tab_counts_at_most_thirty_minutes_a_visit(course, enrolled):
    lesson, visit, start = lessons_of(course)[0], uuid.uuid4(), timezone.now()
    online_time_record(user=enrolled, page=lesson, visit=visit, seconds=0, now=start)
    online_time_record(
        user=enrolled, page=lesson, visit=visit, seconds=5 * 3600, now=start + timedelta(hours=5)
    )
    assert OnlineLearningTime.objects.get().seconds == 30 * 60
    assert online_hours([enrolled.pk], course=course) == {enrolled.pk: Decimal("0.50")}


def test_a_forged_beacon_cannot_claim_time_not_spent(course, enrolled):
    lesson, visit, start = lessons_of(course)[0], uuid.uuid4(), timezone.now()
    online_time_record(user=enrolled, page=lesson, visit=visit, seconds=1800, now=start)
    assert OnlineLearningTime.objects.get().seconds == 60  # the first beacon: a minute at most
    online_time_record(
        user=enrolled, page=lesson, visit=visit, seconds=1800, now=start + timedelta(minutes=2)
    )
    assert OnlineLearningTime.objects.get().seconds == 180


def test_online_time_is_not_workshop_hours(course, enrolled):
    lesson, start = lessons_of(course)[0], timezone.now() - timedelta(hours=1)
    for _ in range(3):
        visit = uuid.uuid4()
        online_time_record(user=enrolled, page=lesson, visit=visit, seconds=0, now=start)
        online_time_record(
            user=enrolled, page=lesson, visit=visit, seconds=1800, now=start + timedelta(hours=1)
        )
    assert online_hours_for(enrolled, course) == Decimal("1.50")
    assert ledger_hours([enrolled.pk], course=course) == {}


def test_the_database_refuses_more_than_thirty_minutes(course, enrolled):
    from django.db import IntegrityError, transaction

    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        OnlineLearningTime.objects.create(
            user=enrolled,
            course=course,
            page=lessons_of(course)[0],
            visit=uuid.uuid4(),
            started_at=now,
            updated_at=now,
            seconds=1801,
        )


@pytest.mark.parametrize(
    ("visit", "seconds", "message"),
    [
        ("not-a-uuid", 10, "The visit id is not valid."),
        (str(uuid.UUID(int=1)), "ten", "The time must be a whole number of seconds."),
        (str(uuid.UUID(int=2)), -5, "The time cannot be negative."),
    ],
)
def test_bad_beacons_are_refused_with_a_clear_error(course, enrolled, visit, seconds, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(CourseError) as error:
        online_time_record(user=enrolled, page=lessons_of(course)[0], visit=visit, seconds=seconds)
    with translation.override("en"):
        assert error.value.messages == [message]
    assert not OnlineLearningTime.objects.exists()


def test_only_a_course_step_of_an_enrolled_trainee_counts(course, enrolled, other_trainee):
    with pytest.raises(NotAllowed):
        online_time_record(
            user=other_trainee, page=lessons_of(course)[0], visit=uuid.uuid4(), seconds=10
        )
    with pytest.raises(CourseError):
        online_time_record(user=enrolled, page=course, visit=uuid.uuid4(), seconds=10)
    assert not OnlineLearningTime.objects.exists()


def test_the_beacon_endpoint(client, course, enrolled, other_trainee):
    lesson = lessons_of(course)[0]
    client.force_login(enrolled)
    page = client.get(lesson.url).content.decode()
    assert 'id="online-time"' in page and "courses/online-time.js" in page
    response = client.post(
        "/en/learn/online-time/", {"page": lesson.pk, "visit": str(uuid.uuid4()), "seconds": 30}
    )
    assert response.status_code == 204
    assert OnlineLearningTime.objects.get().seconds == 30
    bad = client.post("/en/learn/online-time/", {"page": lesson.pk, "visit": "x", "seconds": 3})
    assert bad.status_code == 400 and bad.json() == {"error": "The visit id is not valid."}
    client.force_login(other_trainee)
    refused = client.post(
        "/en/learn/online-time/", {"page": lesson.pk, "visit": str(uuid.uuid4()), "seconds": 3}
    )
    assert refused.status_code == 403
    assert client.get("/en/learn/online-time/").status_code == 405


def test_the_dashboard_shows_workshop_hours_and_online_time_apart(
    client, course, enrolled, trainer
):
    from courses.models import Cohort
    from courses.services import attendance_record

    from .factories import make_session

    cohort = Cohort.objects.create(name="Bari 2026", territory="bari")
    cohort.courses.set([course])
    Enrollment.objects.filter(user=enrolled).update(cohort=cohort)
    session = make_session(cohort, course, days=-1, hours=3)
    attendance_record(session=session, recorded_by=trainer, statuses={enrolled.pk: "present"})
    lesson, visit, start = lessons_of(course)[0], uuid.uuid4(), timezone.now()
    online_time_record(user=enrolled, page=lesson, visit=visit, seconds=0, now=start)
    online_time_record(
        user=enrolled, page=lesson, visit=visit, seconds=1800, now=start + timedelta(hours=1)
    )
    client.force_login(enrolled)
    page = client.get("/en/dashboard/").content.decode()
    assert "Workshop hours (register): 3 · Time online: 0.5 h (counted apart)" in page
