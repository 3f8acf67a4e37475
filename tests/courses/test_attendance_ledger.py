"""The attendance register is an append-only ledger: hours come only from it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from courses.models import AttendanceEntry
from courses.selectors import ledger_hours
from courses.services import attendance_record, enrollment_create
from lms.roles import Role
from tests.courses.factories import make_cohort, make_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cohort(course):
    return make_cohort(course)


def member(course, cohort):
    person = UserFactory(role=Role.TRAINEE)
    enrollment_create(user=person, course=course, cohort=cohort)
    return person


def test_an_entry_cannot_be_changed_or_deleted_by_the_model(course, cohort):
    person = member(course, cohort)
    entry = AttendanceEntry.objects.create(
        session=make_session(cohort, course, days=-1), user=person, status="present"
    )
    entry.status = "absent"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert AttendanceEntry.objects.get().status == "present"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists only on PostgreSQL (a no-op migration on SQLite)",
)
def test_the_database_refuses_to_change_or_delete_an_entry(course, cohort):
    person = member(course, cohort)
    entry = AttendanceEntry.objects.create(
        session=make_session(cohort, course, days=-1), user=person, status="present"
    )
    for statement in (
        AttendanceEntry.objects.filter(pk=entry.pk).update,
        AttendanceEntry.objects.filter(pk=entry.pk).delete,
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            if statement.__name__ == "update":
                statement(status="absent")
            else:
                statement()
    assert AttendanceEntry.objects.get().status == "present"


def test_hours_are_the_sum_of_current_entries(course, cohort, django_assert_num_queries):
    ada, bea = member(course, cohort), member(course, cohort)
    trainer = UserFactory(role=Role.TRAINER)
    long = make_session(cohort, course, days=-2, hours=3)
    short = make_session(cohort, course, days=-1, hours=2)
    attendance_record(session=long, recorded_by=trainer, statuses={ada.pk: "present"})
    attendance_record(session=short, recorded_by=trainer, statuses={ada.pk: "present"})
    AttendanceEntry.objects.create(session=long, user=bea, status="present", hours=Decimal("1.5"))
    attendance_record(session=short, recorded_by=trainer, statuses={bea.pk: "excused"})
    # A correction replaces the current status, and only the latest entry counts.
    attendance_record(session=short, recorded_by=trainer, statuses={ada.pk: "absent"})
    with django_assert_num_queries(1):
        hours = ledger_hours([ada.pk, bea.pk], course=course)
    assert hours == {ada.pk: Decimal("3"), bea.pk: Decimal("1.5")}
    assert AttendanceEntry.objects.filter(user=ada).count() == 3


def test_hours_selector_queries_stay_flat_with_more_learners(
    course, cohort, django_assert_num_queries
):
    trainer = UserFactory(role=Role.TRAINER)
    sessions = [make_session(cohort, course, days=-d, hours=2) for d in range(1, 4)]
    people = [member(course, cohort) for _ in range(12)]
    for session in sessions:
        attendance_record(
            session=session, recorded_by=trainer, statuses={p.pk: "present" for p in people}
        )
    with django_assert_num_queries(1):
        hours = ledger_hours([p.pk for p in people], course=course)
    assert set(hours.values()) == {Decimal("6")}


def test_a_correction_after_closing_needs_a_reason(course, cohort):
    from django.utils import timezone

    ada = member(course, cohort)
    trainer = UserFactory(role=Role.TRAINER)
    session = make_session(cohort, course, days=-1)
    attendance_record(session=session, recorded_by=trainer, statuses={ada.pk: "absent"})
    session.register_closed_at = timezone.now()
    session.save()
    with pytest.raises(ValidationError, match="Reason"):
        attendance_record(session=session, recorded_by=trainer, statuses={ada.pk: "present"})
    assert AttendanceEntry.objects.count() == 1
    attendance_record(
        session=session,
        recorded_by=trainer,
        statuses={ada.pk: "present"},
        reason="Arrived late, signed the paper sheet",
    )
    latest = AttendanceEntry.objects.current().get(user=ada)
    assert (latest.status, latest.version, latest.reason) == (
        "present",
        2,
        "Arrived late, signed the paper sheet",
    )
    assert latest.supersedes.status == "absent"  # the original is never lost


def test_attendance_for_someone_not_enrolled_saves_nothing(course, cohort):
    stranger = UserFactory(role=Role.TRAINEE)
    session = make_session(cohort, course, days=-1)
    with pytest.raises(ValidationError, match="not in this session's cohort"):
        attendance_record(
            session=session,
            recorded_by=UserFactory(role=Role.TRAINER),
            statuses={stranger.pk: "present"},
        )
    assert not AttendanceEntry.objects.exists()


def test_erasing_a_participant_keeps_their_register_lines_under_a_pseudonym(course, cohort):
    """The funder audits registers: erasure removes the person, never their attendance
    (GDPR Art. 17(3)(b)); the lines stay countable and carry no name or e-mail."""
    from django.contrib.auth import get_user_model

    from lms.accounts.services import user_erase

    person = member(course, cohort)
    trainer = UserFactory(role=Role.TRAINER)
    session = make_session(cohort, course, days=-1, hours=3)
    attendance_record(session=session, recorded_by=trainer, statuses={person.pk: "present"})
    attendance_record(session=session, recorded_by=trainer, statuses={person.pk: "absent"})
    email, pk = person.email, person.pk

    with transaction.atomic():
        user_erase(user=person)

    users = get_user_model().objects
    assert not users.filter(pk=pk).exists()
    assert not users.filter(email=email).exists()
    lines = AttendanceEntry.objects.filter(session=session)
    assert lines.count() == 2  # the correction and the original, both kept
    pseudonym = lines.first().user
    assert pseudonym.username.startswith("erased-") and not pseudonym.is_active
    assert not pseudonym.has_usable_password() and pseudonym.email == ""
    assert {line.user_id for line in lines} == {pseudonym.pk}
    assert lines.current().get().status == "absent"


def test_erasing_someone_without_register_lines_leaves_no_pseudonym(course, cohort):
    from django.contrib.auth import get_user_model

    from lms.accounts.models import ConsentRecord
    from lms.accounts.services import user_erase

    person = member(course, cohort)
    # Nothing to keep at all (consent records would be kept under a pseudonym too).
    ConsentRecord.objects.filter(user=person).delete()
    before = get_user_model().objects.count()
    user_erase(user=person)
    assert get_user_model().objects.count() == before - 1


def test_partial_hours_are_recorded_within_the_session_length(course, cohort):
    person = member(course, cohort)
    trainer = UserFactory(role=Role.TRAINER)
    session = make_session(cohort, course, days=-1, hours=3)
    for hours, status in ((Decimal("3.5"), "present"), (Decimal("-1"), "present"),
                          (Decimal("1"), "absent")):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            attendance_record(
                session=session,
                recorded_by=trainer,
                statuses={person.pk: status},
                hours={person.pk: hours},
            )
        assert refused.value.messages[0].startswith("Hours:")
    assert not AttendanceEntry.objects.exists()
    attendance_record(
        session=session, recorded_by=trainer, statuses={person.pk: "present"},
        hours={person.pk: Decimal("1.5")},
    )  # fmt: skip
    assert ledger_hours([person.pk]) == {person.pk: Decimal("1.5")}

    # The same line again adds nothing; a change of hours is a new version.
    def again(hours):
        return attendance_record(
            session=session, recorded_by=trainer, statuses={person.pk: "present"},
            hours={person.pk: hours},
        )  # fmt: skip

    assert again(Decimal("1.5")) == 0
    assert again(None) == 1
    assert ledger_hours([person.pk]) == {person.pk: Decimal("3")}


def test_the_register_screen_marks_all_present_and_closes(client, course, cohort):
    from courses.services import register_close

    people = [member(course, cohort) for _ in range(3)]
    trainer = UserFactory(role=Role.TRAINER)
    cohort.trainers.add(trainer)
    session = make_session(cohort, course, days=-1, hours=2)
    client.force_login(trainer)
    url = f"/en/learn/sessions/{session.pk}/attendance/"
    client.post(url, {"all_present": "1"})
    assert {e.user_id: e.status for e in AttendanceEntry.objects.current()} == {
        p.pk: "present" for p in people
    }
    # Typed hours that are not a number: a clear error, nothing saved, the text kept.
    response = client.post(
        url, {f"status-{people[0].pk}": "present", f"hours-{people[0].pk}": "un'ora"}
    )
    assert "Hours: write a number" in response.content.decode()
    assert "un&#x27;ora" in response.content.decode()
    assert AttendanceEntry.objects.count() == 3
    client.post(url, {"close": "1"})
    session.refresh_from_db()
    assert session.register_closed_at and session.register_closed_by == trainer
    assert register_close(session=session, closed_by=trainer) is False  # once is enough


def test_a_register_cannot_be_closed_before_the_session(course, cohort):
    from courses.services import register_close

    session = make_session(cohort, course, days=2)
    with pytest.raises(ValidationError):
        register_close(session=session, closed_by=UserFactory(role=Role.TRAINER))
    session.refresh_from_db()
    assert session.register_closed_at is None


def test_arrival_and_leaving_times_give_hours_and_are_checked(course, cohort):
    """Leaving before arriving, or times longer than the session: the field is named,
    nothing is saved; valid times give the hours between them."""
    from datetime import time

    person = member(course, cohort)
    trainer = UserFactory(role=Role.TRAINER)
    session = make_session(cohort, course, days=-1, hours=2)
    for times, start in (
        ((time(11, 0), time(10, 0)), "Left at:"),
        ((time(9, 0), time(12, 0)), "Hours:"),
    ):
        with pytest.raises(ValidationError) as refused:
            attendance_record(
                session=session, recorded_by=trainer, statuses={person.pk: "present"},
                times={person.pk: times},
            )  # fmt: skip
        assert refused.value.messages[0].startswith(start)
    with pytest.raises(ValidationError) as refused:
        attendance_record(
            session=session, recorded_by=trainer, statuses={person.pk: "absent"},
            times={person.pk: (time(10, 0), None)},
        )  # fmt: skip
    assert refused.value.messages[0].startswith("Arrived at:")
    assert not AttendanceEntry.objects.exists()
    attendance_record(
        session=session, recorded_by=trainer, statuses={person.pk: "present"},
        times={person.pk: (time(10, 0), time(11, 15))},
    )  # fmt: skip
    entry = AttendanceEntry.objects.get()
    assert (entry.arrived_at, entry.left_at, entry.hours) == (
        time(10, 0), time(11, 15), Decimal("1.25"),
    )  # fmt: skip


def test_the_register_screen_names_a_mistyped_time(client, course, cohort):
    person = member(course, cohort)
    trainer = UserFactory(role=Role.TRAINER)
    cohort.trainers.add(trainer)
    session = make_session(cohort, course, days=-1, hours=2)
    client.force_login(trainer)
    url = f"/en/learn/sessions/{session.pk}/attendance/"
    page = client.post(url, {f"status-{person.pk}": "present", f"left-{person.pk}": "late"})
    assert "Left at: write a time such as 14:30." in page.content.decode()
    page = client.post(
        url,
        {f"status-{person.pk}": "present", f"arrived-{person.pk}": "15:00",
         f"left-{person.pk}": "14:00"},
    )  # fmt: skip
    assert "Left at: the leaving time is before the arrival." in page.content.decode()
    assert not AttendanceEntry.objects.exists()
