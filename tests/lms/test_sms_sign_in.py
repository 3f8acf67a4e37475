"""Issue 19 item 3: signing in with a code by text message (also "password reset by
phone"). The answer never says whether a number has an account; the right code signs
in once and a password must be chosen next; every refusal is clear and signs nobody in."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from lms import sms
from lms.accounts.login_cards import PASSWORD_REQUIRED_SESSION_KEY
from lms.accounts.models import SmsSignInCode
from lms.notifications.models import Kind, Message
from tests.factories import CoordinatorFactory, TraineeFactory, TrainerFactory

pytestmark = pytest.mark.django_db

PHONE = "+393471234567"
SAME_ANSWER = "If this number belongs to an account, we sent a code."


@pytest.fixture(autouse=True)
def clean():
    sms.outbox.clear()
    cache.clear()
    with translation.override("en"):
        yield
    sms.outbox.clear()


@pytest.fixture
def person():
    user = TraineeFactory(email="", username="amina.diallo")
    user.set_unusable_password()
    user.save()
    user.profile.phone = PHONE
    user.profile.preferred_language = "fr"
    user.profile.save()
    return user


def ask(client, phone="+39 347 123 4567"):
    return client.post(reverse("accounts:sms_sign_in"), {"phone": phone}, follow=True)


def sent_code() -> str:
    assert len(sms.outbox) == 1
    return next(word for word in sms.outbox[0].body.replace(".", " ").split() if word.isdigit())


def enter(client, code):
    return client.post(reverse("accounts:sms_code"), {"code": code})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_login_page_links_to_sign_in_by_code(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:sms_sign_in") in page
    assert "Sign in with a code by text message" in page


def test_the_code_is_sent_in_the_persons_language_and_signs_in_once(client, person):
    answer = ask(client)
    assert SAME_ANSWER in answer.content.decode()
    assert answer.redirect_chain[-1][0] == reverse("accounts:sms_code")
    assert sms.outbox[0].to == PHONE
    body = sms.outbox[0].body
    code = sent_code()
    assert len(code) == 6 and "Impact LMS" in body
    with translation.override("fr"):
        assert body == translation.gettext(
            "Impact LMS: your code is %(code)s. It works for 10 minutes."
        ) % {"code": code}
    assert body != f"Impact LMS: your code is {code}. It works for 10 minutes."
    # Hashed in the database, and logged (status only) in the message log.
    assert not SmsSignInCode.objects.filter(code_digest__contains=code).exists()
    logged = Message.objects.get(user=person, kind=Kind.PHONE_CODE)
    assert (logged.status, logged.address, logged.language) == ("sent", PHONE, "fr")
    response = enter(client, code)
    assert response.url == reverse("accounts:card_password")
    assert signed_in(client) and client.session[PASSWORD_REQUIRED_SESSION_KEY]
    person.profile.refresh_from_db()
    assert person.profile.phone_verified_at is not None
    # Nothing but "choose a password" until one is chosen.
    assert client.get(reverse("courses:dashboard")).url == reverse("accounts:card_password")
    page = client.get(reverse("accounts:card_password")).content.decode()
    assert "the code works only once" in page
    saved = client.post(
        reverse("accounts:card_password"),
        {"new_password1": "lemon-tree-river-7", "new_password2": "lemon-tree-river-7"},
    )
    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.check_password("lemon-tree-river-7")
    assert client.get(reverse("courses:dashboard")).status_code == 200


def test_a_used_code_does_not_sign_in_again(client, person):
    ask(client)
    code = sent_code()
    enter(client, code)
    client.logout()
    session = client.session
    session["lms_sms_sign_in_phone"] = PHONE
    session.save()
    response = enter(client, code)
    assert response.status_code == 400
    assert "This code was already used. Ask for a new code." in response.content.decode()
    assert not signed_in(client)


def test_a_wrong_code_then_too_many_tries(client, person):
    ask(client)
    code = sent_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = enter(client, wrong)
    assert response.status_code == 400
    assert "This code is not right." in response.content.decode()
    for _ in range(3):
        enter(client, wrong)
    fifth = enter(client, wrong)
    assert "Too many wrong codes. Wait one hour, then ask for a new code." in fifth.content.decode()
    # Even the right code no longer works, from this browser or another.
    assert "Too many wrong codes" in enter(client, code).content.decode()
    other = client.__class__()
    session = other.session
    session["lms_sms_sign_in_phone"] = PHONE
    session.save()
    assert "Too many wrong codes" in enter(other, code).content.decode()
    assert not signed_in(client) and not signed_in(other)


def test_an_expired_code_is_refused(client, person):
    ask(client)
    code = sent_code()
    SmsSignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = enter(client, code)
    assert "This code has expired. Ask for a new code." in response.content.decode()
    assert not signed_in(client)


def test_a_new_code_cancels_the_earlier_one(client, person):
    ask(client)
    first = sent_code()
    sms.outbox.clear()
    ask(client)
    second = sent_code()
    if first != second:
        assert "This code is not right." in enter(client, first).content.decode()
    assert enter(client, second).url == reverse("accounts:card_password")


def test_an_unknown_number_gets_the_same_answer_and_nothing_is_sent(client, person):
    answer = ask(client, "+44 7700 900123")
    assert SAME_ANSWER in answer.content.decode()
    assert answer.redirect_chain[-1][0] == reverse("accounts:sms_code")
    assert sms.outbox == [] and not Message.objects.exists()
    for _ in range(4):
        assert "This code is not right." in enter(client, "123456").content.decode()
    # The fifth wrong try reads as for a real number.
    assert "Too many wrong codes" in enter(client, "123456").content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize("factory", [TrainerFactory, CoordinatorFactory])
def test_staff_are_refused(client, factory):
    staff = factory()
    staff.profile.phone = PHONE
    staff.profile.save()
    assert SAME_ANSWER in ask(client).content.decode()
    assert sms.outbox == []
    assert not SmsSignInCode.objects.exists()


def test_an_inactive_account_gets_nothing(client, person):
    person.is_active = False
    person.save()
    assert SAME_ANSWER in ask(client).content.decode()
    assert sms.outbox == []


def test_a_number_that_is_not_one_is_explained(client):
    response = client.post(reverse("accounts:sms_sign_in"), {"phone": "347 12"})
    assert response.status_code == 200
    assert "with the country code" in response.content.decode()
    assert sms.outbox == []


@override_settings(SMS_CODE_RATE_PER_NUMBER=2, SMS_CODE_RATE_PER_ADDRESS=100)
def test_codes_are_limited_per_number(client, person):
    ask(client)
    ask(client)
    limited = ask(client)
    assert limited.status_code == 429
    assert len(sms.outbox) == 2
    # An unknown number is limited the same way: the limit says nothing about accounts.
    ask(client, "+447700900123")
    ask(client, "+447700900123")
    assert ask(client, "+447700900123").status_code == 429


@override_settings(SMS_CODE_RATE_PER_NUMBER=100, SMS_CODE_RATE_PER_ADDRESS=2)
def test_codes_are_limited_per_address(client, person):
    ask(client, "+447700900123")
    ask(client, "+447700900124")
    assert ask(client).status_code == 429
    assert sms.outbox == []
    other = client.__class__(REMOTE_ADDR="192.0.2.7")
    assert ask(other).status_code == 200
    assert len(sms.outbox) == 1


def test_the_code_page_without_a_number_asks_for_one(client):
    response = client.get(reverse("accounts:sms_code"))
    assert response.url == reverse("accounts:sms_sign_in")


def test_the_pages_keep_the_language_prefix(client):
    with translation.override("ar"):
        url = reverse("accounts:sms_sign_in")
    assert url.startswith("/ar/")
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page
    with translation.override("ar"):
        assert client.post(url, {"phone": PHONE}).url.startswith("/ar/")
