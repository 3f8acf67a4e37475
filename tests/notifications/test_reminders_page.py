"""/learn/reminders/: channels on and off (recorded, withdrawable), a phone number
checked with a code sent by SMS, recent messages."""

import re

import pytest

from lms import sms
from lms.accounts.models import ConsentRecord
from lms.notifications.models import Message
from tests.factories import TraineeFactory

pytestmark = pytest.mark.django_db

URL = "/learn/reminders/"


def _code():
    return re.search(r"\d{6}", sms.outbox[-1].body).group()


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_opt_in_is_a_consent_record_and_withdrawing_it_closes_it(trainee_client, trainee):
    trainee_client.post(URL, {"action": "email_on"})
    record = ConsentRecord.objects.get(user=trainee, purpose="reminders_email")
    assert record.channel == "reminders_page" and record.withdrawn_at is None
    assert "Reminders by e-mail are on." in trainee_client.get("/en" + URL).content.decode()
    trainee_client.post(URL, {"action": "email_off"})
    record.refresh_from_db()
    assert record.withdrawn_at is not None


def test_sms_reminders_need_a_checked_number_first(trainee_client, trainee):
    trainee_client.post("/en" + URL, {"action": "sms_on"})
    assert not ConsentRecord.objects.filter(user=trainee, purpose="reminders_sms").exists()


def test_a_phone_number_is_checked_with_the_code_sent_to_it(trainee_client, trainee):
    response = trainee_client.post(
        "/en" + URL, {"action": "phone_send", "phone": "+216 20 123 456"}
    )
    assert response.status_code == 302
    [text] = sms.outbox
    assert text.to == "+21620123456"
    assert text.body.startswith("Impact LMS: your code is ")
    logged = Message.objects.get()
    assert (logged.kind, logged.status, logged.address) == ("phone_code", "sent", "+21620123456")
    assert _code() not in str(Message.objects.values())  # the code is not kept in the log

    wrong = "000000" if _code() != "000000" else "111111"
    response = trainee_client.post("/en" + URL, {"action": "phone_verify", "code": wrong})
    assert response.status_code == 400
    assert "This code is not right. Try again." in response.content.decode()
    trainee.profile.refresh_from_db()
    assert trainee.profile.phone_verified_at is None

    trainee_client.post("/en" + URL, {"action": "phone_verify", "code": _code()})
    trainee.profile.refresh_from_db()
    assert trainee.profile.phone == "+21620123456" and trainee.profile.phone_verified_at

    trainee_client.post("/en" + URL, {"action": "sms_on"})
    assert ConsentRecord.objects.filter(user=trainee, purpose="reminders_sms",
                                        withdrawn_at__isnull=True).exists()  # fmt: skip
    trainee_client.post("/en" + URL, {"action": "phone_remove"})
    trainee.profile.refresh_from_db()
    assert trainee.profile.phone == "" and trainee.profile.phone_verified_at is None
    assert not ConsentRecord.objects.filter(user=trainee, purpose="reminders_sms",
                                            withdrawn_at__isnull=True).exists()  # fmt: skip


def test_five_wrong_codes_end_the_check(trainee_client, trainee):
    trainee_client.post("/en" + URL, {"action": "phone_send", "phone": "+393471234567"})
    wrong = "000000" if _code() != "000000" else "111111"
    for _ in range(5):
        trainee_client.post("/en" + URL, {"action": "phone_verify", "code": wrong})
    trainee_client.post("/en" + URL, {"action": "phone_verify", "code": _code()})
    trainee.profile.refresh_from_db()
    assert trainee.profile.phone_verified_at is None


def test_a_number_without_country_code_is_refused_and_nothing_sent(trainee_client):
    response = trainee_client.post("/en" + URL, {"action": "phone_send", "phone": "3471234567"})
    assert response.status_code == 400
    assert "Write the number with the country code" in response.content.decode()
    assert sms.outbox == []


def test_a_number_of_another_account_is_refused_and_nothing_sent(trainee_client, trainee):
    other = TraineeFactory()
    other.profile.phone = "+393471234567"
    other.profile.save()
    response = trainee_client.post(
        "/en" + URL, {"action": "phone_send", "phone": "+39 347 123 4567"}
    )
    assert response.status_code == 400
    assert "already used by another account" in response.content.decode()
    assert sms.outbox == []
    trainee.profile.refresh_from_db()
    assert trainee.profile.phone == ""


def test_codes_count_against_the_daily_limit(trainee_client, settings):
    settings.NOTIFICATIONS_DAILY_LIMIT = 2
    for _ in range(3):
        trainee_client.post("/en" + URL, {"action": "phone_send", "phone": "+393471234567"})
    assert len(sms.outbox) == 2
    assert Message.objects.filter(status="skipped").count() == 1


def test_the_page_speaks_arabic_and_lists_recent_messages(trainee_client):
    trainee_client.post("/ar" + URL, {"action": "phone_send", "phone": "+393471234567"})
    body = trainee_client.get("/ar" + URL).content.decode()
    assert "تذكيراتي" in body and 'lang="ar"' in body
    assert "رمز للتحقق من رقم الهاتف" in body  # the code's message in the list
    assert 'href="/ar/dashboard/"' in body


def test_an_account_without_a_profile_sees_the_page_and_cannot_add_sms(client, django_user_model):
    """Staff accounts made with createsuperuser have no profile."""
    from django.utils import timezone

    admin = django_user_model.objects.create_user("root", email="", password="x-long-pass-1")
    ConsentRecord.objects.create(
        user=admin, purpose="data_processing", text_version="t", language="en",
        given_at=timezone.now(),
    )  # fmt: skip
    client.force_login(admin)
    response = client.get("/en" + URL)
    assert response.status_code == 200
    assert "Your account has no e-mail address." in response.content.decode()
    client.post("/en" + URL, {"action": "sms_on"})
    assert not ConsentRecord.objects.filter(user=admin, purpose="reminders_sms").exists()
