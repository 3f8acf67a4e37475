"""Participants confirm their own presence with the session's code, during the session."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from courses.models import AttendanceConfirmation, AttendanceEntry
from courses.selectors import ledger_hours
from courses.services import (
    CONFIRM_MAX_WRONG,
    attendance_record,
    attendance_self_confirm,
    enrollment_create,
    register_close,
    session_confirmation_code,
)
from lms.roles import Role
from tests.courses.factories import make_cohort, make_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def cohort(course):
    return make_cohort(course)


def member(course, cohort):
    person = UserFactory(role=Role.TRAINEE)
    enrollment_create(user=person, course=course, cohort=cohort)
    return person


def started_minutes_ago(cohort, course, minutes=30, hours=2):
    session = make_session(cohort, course, days=0, hours=hours)
    session.starts_at = timezone.now() - timedelta(minutes=minutes)
    session.save(update_fields=["starts_at"])
    return session


def test_the_right_code_during_the_session_records_presence_with_the_time(course, cohort):
    person = member(course, cohort)
    session = started_minutes_ago(cohort, course)
    confirmation = attendance_self_confirm(
        session=session, user=person, code=session_confirmation_code(session)
    )
    assert abs(confirmation.confirmed_at - timezone.now()) < timedelta(seconds=5)
    entry = AttendanceEntry.objects.current().get(session=session, user=person)
    assert (entry.status, entry.source, entry.author) == ("present", "self", person)
    assert confirmation.entry == entry
    assert ledger_hours([person.pk]) == {person.pk: Decimal("2")}
    # Twice is once.
    again = attendance_self_confirm(
        session=session, user=person, code=session_confirmation_code(session)
    )
    assert again == confirmation
    assert AttendanceEntry.objects.count() == 1


def test_a_confirmation_after_the_trainer_recorded_leaves_the_ledger_alone(course, cohort):
    person = member(course, cohort)
    session = started_minutes_ago(cohort, course)
    trainer = UserFactory(role=Role.TRAINER)
    attendance_record(
        session=session, recorded_by=trainer, statuses={person.pk: "present"},
        hours={person.pk: Decimal("1")},
    )  # fmt: skip
    confirmation = attendance_self_confirm(
        session=session, user=person, code=session_confirmation_code(session)
    )
    assert confirmation.entry is None
    assert AttendanceEntry.objects.count() == 1
    assert ledger_hours([person.pk]) == {person.pk: Decimal("1")}


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (-10, "Code: the session has not started yet."),
        (121, "Code: the session is over, so the code has expired."),
    ],
)
def test_the_code_works_only_during_the_session(course, cohort, minutes, message):
    person = member(course, cohort)
    session = started_minutes_ago(cohort, course, minutes=minutes, hours=2)
    with pytest.raises(ValidationError) as refused:
        attendance_self_confirm(
            session=session, user=person, code=session_confirmation_code(session)
        )
    assert refused.value.messages == [message]
    assert not AttendanceConfirmation.objects.exists()
    assert not AttendanceEntry.objects.exists()


def test_a_closed_register_takes_no_more_confirmations(course, cohort):
    person = member(course, cohort)
    session = started_minutes_ago(cohort, course)
    register_close(session=session, closed_by=UserFactory(role=Role.TRAINER))
    session.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        attendance_self_confirm(
            session=session, user=person, code=session_confirmation_code(session)
        )
    assert refused.value.messages[0].startswith("Code: the register is closed")
    assert not AttendanceConfirmation.objects.exists()


def test_only_people_of_the_sessions_cohort_can_confirm(course, cohort):
    other_cohort = make_cohort(course, name="Lecce 2026", territory="lecce")
    stranger = member(course, other_cohort)
    session = started_minutes_ago(cohort, course)
    with pytest.raises(PermissionDenied):
        attendance_self_confirm(
            session=session, user=stranger, code=session_confirmation_code(session)
        )
    assert not AttendanceEntry.objects.exists()


def test_wrong_codes_are_refused_and_then_rate_limited(course, cohort):
    person = member(course, cohort)
    session = started_minutes_ago(cohort, course)
    right = session_confirmation_code(session)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _attempt in range(CONFIRM_MAX_WRONG):
        with pytest.raises(ValidationError) as refused:
            attendance_self_confirm(session=session, user=person, code=wrong)
        assert refused.value.messages == ["Code: this is not the code of this session."]
    # Even the right code is refused now: guessing 10^6 codes is not an option.
    with pytest.raises(ValidationError) as refused:
        attendance_self_confirm(session=session, user=person, code=right)
    assert refused.value.messages[0].startswith("Code: too many wrong codes")
    assert not AttendanceConfirmation.objects.exists()
    # Someone else is not blocked by that person's guesses.
    other = member(course, cohort)
    attendance_self_confirm(session=session, user=other, code=right)


def test_the_code_belongs_to_one_session(course, cohort):
    first = started_minutes_ago(cohort, course)
    second = started_minutes_ago(cohort, course, minutes=20)
    assert session_confirmation_code(first) != session_confirmation_code(second)
    assert len(session_confirmation_code(first)) == 6


def test_a_confirmation_cannot_be_changed_or_deleted(course, cohort):
    person = member(course, cohort)
    session = started_minutes_ago(cohort, course)
    confirmation = attendance_self_confirm(
        session=session, user=person, code=session_confirmation_code(session)
    )
    confirmation.confirmed_at = timezone.now() - timedelta(hours=3)
    with pytest.raises(ValidationError):
        confirmation.save()
    with pytest.raises(ValidationError):
        confirmation.delete()


def test_the_trainee_page_confirms_and_the_trainer_screen_shows_code_qr_and_time(
    client, course, cohort
):
    person = member(course, cohort)
    trainer = UserFactory(role=Role.TRAINER)
    cohort.trainers.add(trainer)
    session = started_minutes_ago(cohort, course)
    code = session_confirmation_code(session)

    client.force_login(trainer)
    register = client.get(f"/en/learn/sessions/{session.pk}/attendance/").content.decode()
    assert code in register
    assert "<svg" in register and f"/learn/sessions/{session.pk}/confirm/?code={code}" in register

    client.force_login(person)
    url = f"/fr/learn/sessions/{session.pk}/confirm/"
    page = client.get(url + f"?code={code}")
    assert page.status_code == 200 and f'value="{code}"' in page.content.decode()
    wrong = client.post(url, {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Code" in wrong.content.decode() and not AttendanceConfirmation.objects.exists()
    done = client.post(url, {"code": code}, follow=True)
    assert AttendanceConfirmation.objects.filter(user=person).exists()
    assert "confirmée" in done.content.decode()

    client.force_login(trainer)
    register = client.get(f"/en/learn/sessions/{session.pk}/attendance/").content.decode()
    assert "Self-confirmed at" in register


def test_a_trainee_of_another_cohort_gets_404_on_the_page(client, course, cohort):
    session = started_minutes_ago(cohort, course)
    stranger = member(course, make_cohort(course, name="Foggia 2026", territory="foggia"))
    client.force_login(stranger)
    assert client.get(f"/en/learn/sessions/{session.pk}/confirm/").status_code == 404


def test_erasing_a_participant_keeps_their_confirmation_under_the_pseudonym(course, cohort):
    from lms.accounts.services import user_erase

    person = member(course, cohort)
    session = started_minutes_ago(cohort, course)
    attendance_self_confirm(session=session, user=person, code=session_confirmation_code(session))
    user_erase(user=person)
    confirmation = AttendanceConfirmation.objects.get()
    assert confirmation.user.is_active is False and confirmation.user.email == ""
    assert confirmation.entry.user == confirmation.user
