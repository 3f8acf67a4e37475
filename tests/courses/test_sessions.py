"""Workshop sessions: registration within capacity, attendance, attended hours."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation

from courses.models import AttendanceEntry, SessionRegistration, WorkshopSession
from courses.selectors import attendance_share, attended_hours
from courses.services import (
    SessionFull,
    attendance_record,
    enrollment_create,
    session_register,
    session_unregister,
)
from lms.roles import Role
from tests.factories import UserFactory

from .factories import make_cohort, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def cohort(course, trainer):
    return make_cohort(course, name="Bari 2026", territory="bari", trainers=[trainer])


def member(course, cohort):
    person = UserFactory(role=Role.TRAINEE)
    enrollment_create(user=person, course=course, cohort=cohort)
    return person


def test_trainee_registers_from_the_dashboard(trainee_client, trainee, course, cohort):
    enrollment_create(user=trainee, course=course, cohort=cohort)
    session = make_session(cohort, course, title="Strumenti civici")
    response = trainee_client.post(f"/learn/sessions/{session.pk}/register/")
    assert response["Location"] == "/dashboard/"
    assert SessionRegistration.objects.filter(session=session, user=trainee).exists()
    session.refresh_from_db()
    assert session.registered_count == 1
    trainee_client.post(f"/learn/sessions/{session.pk}/unregister/")
    session.refresh_from_db()
    assert session.registered_count == 0


def test_capacity_is_respected(course, cohort):
    session = make_session(cohort, course, capacity=1)
    session_register(user=member(course, cohort), session=session)
    with pytest.raises(SessionFull) as error:
        session_register(user=member(course, cohort), session=session)
    assert error.value.messages == ["Sorry, this session is full."]


def test_registering_twice_keeps_one_place(course, cohort):
    session = make_session(cohort, course, capacity=5)
    person = member(course, cohort)
    session_register(user=person, session=session)
    session_register(user=person, session=session)
    session.refresh_from_db()
    assert session.registered_count == 1


def test_other_cohorts_cannot_register(trainee, course, cohort):
    other = make_cohort(course, name="Foggia", territory="foggia")
    enrollment_create(user=trainee, course=course, cohort=other)
    session = make_session(cohort, course)
    with pytest.raises(PermissionDenied):
        session_register(user=trainee, session=session)


def test_past_sessions_are_closed(course, cohort):
    session = make_session(cohort, course, days=-1)
    with pytest.raises(Exception) as error:
        session_register(user=member(course, cohort), session=session)
    assert error.value.messages == ["This session has already started."]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(home_page, catalog, course, cohort):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are tested on PostgreSQL")
    session = make_session(cohort, course, capacity=3)
    people = [member(course, cohort) for _ in range(8)]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def register(person):
        from django.db import connections

        try:
            barrier.wait()
            session_register(user=person, session=session)
            outcomes.append("ok")
        except SessionFull:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.refresh_from_db()
    assert outcomes.count("ok") == 3 and outcomes.count("full") == 5
    assert session.registered_count == 3
    assert SessionRegistration.objects.filter(session=session).count() == 3


def test_trainer_takes_attendance_on_the_phone_page(trainer_client, trainer, course, cohort):
    ada, bea, cy = (member(course, cohort) for _ in range(3))
    session = make_session(cohort, course, days=-1, hours=3)
    url = f"/learn/sessions/{session.pk}/attendance/"
    page = trainer_client.get(url)
    assert page.status_code == 200
    assert page.text.count('type="radio"') == 9
    response = trainer_client.post(
        url,
        {f"status-{ada.pk}": "present", f"status-{bea.pk}": "absent", f"status-{cy.pk}": "excused"},
    )
    assert response.status_code == 302
    current = AttendanceEntry.objects.current()
    assert dict(current.values_list("user_id", "status")) == {
        ada.pk: "present",
        bea.pk: "absent",
        cy.pk: "excused",
    }
    assert current.get(user=ada).author == trainer
    # Correcting a mark adds a new version; the original is kept.
    trainer_client.post(url, {f"status-{bea.pk}": "present"})
    assert current.get(user=bea).status == "present"
    assert list(AttendanceEntry.objects.filter(user=bea).values_list("version", "status")) == [
        (1, "absent"),
        (2, "present"),
    ]
    # Saving the same marks again adds nothing.
    trainer_client.post(url, {f"status-{ada.pk}": "present"})
    assert AttendanceEntry.objects.filter(user=ada).count() == 1


def test_trainer_of_another_cohort_cannot_take_attendance(client, course, cohort):
    session = make_session(cohort, course)
    client.force_login(UserFactory(role=Role.TRAINER))
    assert client.get(f"/learn/sessions/{session.pk}/attendance/").status_code == 404


def test_trainee_cannot_take_attendance(trainee_client, course, cohort):
    session = make_session(cohort, course)
    assert trainee_client.get(f"/learn/sessions/{session.pk}/attendance/").status_code == 403


def test_attendance_only_for_the_cohort(trainer, course, cohort):
    session = make_session(cohort, course, days=-1)
    stranger = UserFactory(role=Role.TRAINEE)
    with pytest.raises(Exception) as error:
        attendance_record(session=session, recorded_by=trainer, statuses={stranger.pk: "present"})
    assert error.value.messages == ["Some people are not in this session's cohort."]


def test_attended_hours_and_share(trainer, course, cohort):
    person = member(course, cohort)
    first = make_session(cohort, course, days=-10, hours=2)
    second = make_session(cohort, course, days=-5, hours=3)
    third = make_session(cohort, course, days=-2, hours=1)
    make_session(cohort, course, days=5, hours=4)  # not held yet
    attendance_record(session=first, recorded_by=trainer, statuses={person.pk: "present"})
    attendance_record(session=second, recorded_by=trainer, statuses={person.pk: "present"})
    attendance_record(session=third, recorded_by=trainer, statuses={person.pk: "excused"})
    assert attended_hours(person, course) == Decimal("5")
    assert attendance_share(person, course) == Decimal("1.00")
    attendance_record(session=third, recorded_by=trainer, statuses={person.pk: "absent"})
    assert attendance_share(person, course) == Decimal("0.83")


def test_no_sessions_means_no_hours(trainee, course):
    assert attended_hours(trainee, course) == Decimal("0")
    assert attendance_share(trainee, course) == Decimal("0")


def test_database_refuses_overbooking(course, cohort):
    session = make_session(cohort, course, capacity=1)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        WorkshopSession.objects.filter(pk=session.pk).update(registered_count=2)


def test_session_needs_a_place_or_a_link(course, cohort):
    session = WorkshopSession(
        cohort=cohort, course=course, title="X", starts_at=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(Exception) as error:
        session.full_clean()
    assert "Give a place, an online link or both." in error.value.messages


def test_unregister_without_a_place_changes_nothing(trainee, course, cohort):
    session = make_session(cohort, course)
    session_unregister(user=trainee, session=session)
    session.refresh_from_db()
    assert session.registered_count == 0


def test_trainer_sees_held_sessions_first_then_upcoming(trainer_client, course, cohort):
    make_session(cohort, course, days=-10, title="Old")
    make_session(cohort, course, days=-1, title="Yesterday")
    make_session(cohort, course, days=3, title="Soon")
    response = trainer_client.get("/learn/sessions/")
    assert [s.title for s in response.context["held"]] == ["Yesterday", "Old"]
    assert [s.title for s in response.context["upcoming"]] == ["Soon"]
    assert "Oggi e passate" in response.text and "In arrivo" in response.text


def test_attendance_is_refused_for_a_session_that_has_not_started(
    trainer_client, trainer, course, cohort
):
    """Nobody can be marked present at tomorrow's session: the page says when it opens."""
    person = member(course, cohort)
    session = make_session(cohort, course, days=1)
    session.facilitators.add(trainer)
    cohort.trainers.add(trainer)
    with pytest.raises(Exception) as error:
        attendance_record(session=session, recorded_by=trainer, statuses={person.pk: "present"})
    assert error.value.messages[0].startswith("This session has not started yet")
    url = f"/en/learn/sessions/{session.pk}/attendance/"
    page = trainer_client.get(url).content.decode()
    assert "This session has not started yet: attendance opens at" in page
    assert 'name="status-' not in page
    response = trainer_client.post(url, {f"status-{person.pk}": "present"}, follow=True)
    assert "This session has not started yet" in response.content.decode()
    assert not session.register_entries.exists()
