"""Reminders that arrive: due reminders go out once, on the channels a person opted in
to, in their language, with only their first name and a link; every message is logged."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses.services import enrollment_create, session_register
from lms import sms
from lms.accounts.models import ConsentRecord
from lms.accounts.services import user_erase, user_export_data
from lms.notifications import services
from lms.notifications.models import Channel, Message
from tests.courses.factories import make_catalog, make_cohort, make_course, make_session
from tests.factories import TraineeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return make_course(make_catalog(home_page), languages=("it", "en"))


@pytest.fixture
def cohort(course):
    return make_cohort(course, name="Bari 2026", territory="bari")


_numbers = iter(range(10_000))


@pytest.fixture(autouse=True)
def _fresh_numbers():
    global _numbers
    _numbers = iter(range(10_000))


def _person(course, cohort, *, language="it", phone=True, **names):
    """A trainee with a verified number: the first one made in a test has +393471234567,
    the next ones other numbers (a number belongs to one account)."""
    number = next(_numbers)
    person = TraineeFactory(
        first_name=names.get("first_name", "Amina"),
        last_name=names.get("last_name", "Haddad"),
        profile__preferred_language=language,
    )
    enrollment_create(user=person, course=course, cohort=cohort)
    if phone:
        person.profile.phone = "+393471234567" if not number else f"+39347{number:07d}"
        person.profile.phone_verified_at = timezone.now()
        person.profile.save()
    return person


def _session(course, cohort, person, *, hours_ahead=20, title="Ascolto attivo"):
    session = make_session(cohort, course, days=0, title=title)
    session.starts_at = timezone.now() + timedelta(hours=hours_ahead)
    session.save()
    session_register(user=person, session=session)
    return session


def test_a_session_reminder_reaches_a_real_smtp_server_in_the_persons_language(
    course, cohort, smtp_server
):
    french = _person(course, cohort, language="fr", first_name="Awa Marie")
    italian = _person(course, cohort, language="it", first_name="Luca")
    for person in (french, italian):
        services.opt_in(user=person, channel=Channel.EMAIL, language="it")
        _session(course, cohort, person)

    call_command("send_reminders")

    received = {rcpt[0]: message for rcpt, message in smtp_server.messages}
    assert set(received) == {french.email, italian.email}
    fr = received[french.email]
    assert fr["Content-Language"] == "fr"
    assert fr["Subject"].strip() == (
        "Impact LMS : Votre séance d’atelier commence dans les 24 heures."
    )
    body = fr.get_content()
    assert body.startswith("Bonjour Awa,")
    assert "http://testserver/fr/dashboard/" in body
    it = received[italian.email]
    assert it.get_content().startswith("Ciao Luca,")
    assert "http://testserver/dashboard/" in it.get_content()
    # No sensitive data: not the family name, not what or where the session is.
    for message in (fr, it):
        text = message["Subject"] + message.get_content()
        assert "Haddad" not in text and "Ascolto attivo" not in text and "Bari" not in text
    logged = Message.objects.get(user=french, channel=Channel.EMAIL)
    assert (logged.status, logged.kind, logged.language) == ("sent", "session_24h", "fr")
    assert logged.provider_id.startswith("<reminder-") and logged.finished_at


def test_a_session_reminder_by_sms_says_the_first_name_and_a_link(course, cohort):
    person = _person(course, cohort, language="en", first_name="Omar")
    services.opt_in(user=person, channel=Channel.SMS, language="en")
    _session(course, cohort, person, hours_ahead=1)

    call_command("send_reminders")

    [text] = sms.outbox
    assert text.to == "+393471234567"
    assert text.body == (
        "Impact LMS: Hello Omar, Your workshop session starts in less than 2 hours. "
        "http://testserver/en/dashboard/"
    )
    assert mail.outbox == []  # no e-mail opt-in: no e-mail
    assert Message.objects.get().kind == "session_2h"


def test_sms_through_the_http_provider_is_logged_with_its_id_or_its_error(course, cohort, provider):
    person = _person(course, cohort)
    services.opt_in(user=person, channel=Channel.SMS, language="it")
    _session(course, cohort, person)
    call_command("send_reminders")
    sent = Message.objects.get()
    assert (sent.status, sent.provider_id, sent.address) == ("sent", "SM" + "1".zfill(32),
                                                             "+393471234567")  # fmt: skip
    assert provider.received[0]["Body"].startswith("Impact LMS: Ciao Amina,")

    provider.mode = "refuse"
    _session(course, cohort, person, hours_ahead=10)
    call_command("send_reminders")
    failed = Message.objects.filter(status="failed").get()
    assert failed.reason == "HTTP 400: Invalid 'To' Phone Number"


def test_running_twice_sends_nothing_twice(course, cohort):
    person = _person(course, cohort)
    services.opt_in(user=person, channel=Channel.EMAIL, language="it")
    services.opt_in(user=person, channel=Channel.SMS, language="it")
    _session(course, cohort, person)

    call_command("send_reminders")
    call_command("send_reminders")

    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    assert Message.objects.filter(status="sent").count() == 2


def test_the_two_hour_reminder_follows_the_day_before_one(course, cohort):
    person = _person(course, cohort)
    services.opt_in(user=person, channel=Channel.EMAIL, language="it")
    session = _session(course, cohort, person, hours_ahead=20)
    call_command("send_reminders")
    session.starts_at = timezone.now() + timedelta(minutes=90)  # as time passes
    session.save()
    call_command("send_reminders")
    call_command("send_reminders")
    kinds = sorted(Message.objects.values_list("kind", flat=True))
    assert kinds == ["session_24h", "session_2h"] and len(mail.outbox) == 2


def test_without_an_opt_in_nothing_is_queued_or_sent(course, cohort):
    person = _person(course, cohort)
    _session(course, cohort, person)
    call_command("send_reminders")
    assert Message.objects.count() == 0 and mail.outbox == [] and sms.outbox == []


def test_an_sms_opt_in_withdrawn_while_queued_is_skipped_and_nothing_is_sent(course, cohort):
    person = _person(course, cohort)
    services.opt_in(user=person, channel=Channel.SMS, language="it")
    _session(course, cohort, person)
    call_command("send_reminders", "--queue-only")
    assert Message.objects.get().status == "queued"

    services.opt_out(user=person, channel=Channel.SMS)
    call_command("send_reminders")

    message = Message.objects.get()
    assert (message.status, message.reason) == ("skipped", "opt-in withdrawn before sending")
    assert sms.outbox == []


def test_a_withdrawal_the_worker_learns_of_only_when_sending_is_skipped_too(course, cohort):
    """Withdrawn by another process between queueing and sending (no hook ran here)."""
    person = _person(course, cohort)
    services.opt_in(user=person, channel=Channel.EMAIL, language="it")
    _session(course, cohort, person)
    services.reminders_queue()
    ConsentRecord.objects.filter(user=person).update(withdrawn_at=timezone.now())

    assert services.deliver_queued() == {"skipped": 1}
    assert mail.outbox == []


def test_sms_needs_a_checked_number(course, cohort):
    person = _person(course, cohort, phone=False)
    services.opt_in(user=person, channel=Channel.SMS, language="it")
    person.profile.phone = "+393471234567"  # given but never checked
    person.profile.save()
    _session(course, cohort, person)
    call_command("send_reminders")
    assert Message.objects.get().reason == "no verified phone number"
    assert sms.outbox == []


def test_the_daily_limit_per_person_and_channel(course, cohort, settings):
    settings.NOTIFICATIONS_DAILY_LIMIT = 2
    person = _person(course, cohort)
    other = _person(course, cohort, first_name="Luca")
    for who in (person, other):
        services.opt_in(user=who, channel=Channel.EMAIL, language="it")
    for hours in (3, 5, 7):
        _session(course, cohort, person, hours_ahead=hours)
    _session(course, cohort, other, hours_ahead=9)

    call_command("send_reminders")

    assert [m.to[0] for m in mail.outbox].count(person.email) == 2
    assert [m.to[0] for m in mail.outbox].count(other.email) == 1
    skipped = Message.objects.get(status="skipped")
    assert skipped.user == person
    assert skipped.reason == "daily limit of 2 messages reached"
    call_command("send_reminders")  # the skipped one is not tried again
    assert len(mail.outbox) == 3


def test_the_log_is_append_only(course, cohort):
    person = _person(course, cohort)
    services.opt_in(user=person, channel=Channel.EMAIL, language="it")
    _session(course, cohort, person)
    call_command("send_reminders")
    message = Message.objects.get()
    message.status = "queued"
    with pytest.raises(ValueError, match="never changed"):
        message.save()
    with pytest.raises(ValueError, match="append-only"):
        message.delete()


def test_messages_are_in_the_export_and_go_with_the_erased_account(course, cohort):
    person = _person(course, cohort)
    services.opt_in(user=person, channel=Channel.EMAIL, language="it")
    _session(course, cohort, person)
    call_command("send_reminders")

    data = user_export_data(user=person)
    [exported] = data["notifications"]["messages"]
    assert exported["kind"] == "session_24h" and exported["status"] == "sent"
    assert exported["sent_to"] == person.email
    assert data["profile"]["phone"] == "+393471234567"
    assert {c["purpose"] for c in data["consents"]} >= {"reminders_email"}

    user_erase(user=person)
    assert Message.objects.count() == 0


def test_queueing_runs_a_fixed_number_of_queries(course, cohort, django_assert_max_num_queries):
    people = [_person(course, cohort, first_name=f"P{i}") for i in range(6)]
    session = _session(course, cohort, people[0])
    for person in people[1:]:
        session_register(user=person, session=session)
    for person in people:
        services.opt_in(user=person, channel=Channel.EMAIL, language="it")
    # due (one per app) + consents + existing, then one savepoint-wrapped insert each
    with django_assert_max_num_queries(8 + 3 * len(people)):
        assert services.reminders_queue() == len(people)
