"""Consent per purpose (issue 13 item 9): given at sign-up or on My privacy, each with its
text version, language, time and channel; withdrawn separately and at once; a CSV-enrolled
trainee is "pending consent" and asked at the first login."""

import pytest
from django.urls import reverse

from lms.accounts.consents import consent_given
from lms.accounts.models import ConsentRecord
from tests.factories import TraineeFactory, TrainerFactory
from tests.lms.test_accounts import SIGNUP

pytestmark = pytest.mark.django_db
Purpose = ConsentRecord.Purpose


def test_signup_records_processing_and_only_the_ticked_optional_purposes(client, home_page):
    data = {**SIGNUP, "optional_consents": [Purpose.RESEARCH]}
    assert client.post("/en/accounts/signup/", data).status_code == 302
    records = ConsentRecord.objects.filter(user__email="seyda@example.org")
    assert {r.purpose for r in records} == {Purpose.DATA_PROCESSING, Purpose.RESEARCH}
    assert {(r.channel, r.language) for r in records} == {(ConsentRecord.Channel.SIGNUP, "en")}
    user = records[0].user
    assert consent_given(user, Purpose.RESEARCH)
    assert not consent_given(user, Purpose.PHOTOS)


def test_signup_offers_every_optional_purpose_unticked(client, home_page):
    content = client.get("/en/accounts/signup/").content.decode()
    for value in (Purpose.PHOTOS, Purpose.FUNDER_SHARING, Purpose.LAB_PUBLICATION):
        assert f'value="{value}"' in content
    assert "checked" not in content


def test_withdrawal_takes_effect_at_once_and_regiving_adds_a_record(client, home_page):
    trainee = TraineeFactory()
    client.force_login(trainee)
    url = "/en/accounts/privacy/consents/"
    client.post(url, {"purpose": Purpose.PHOTOS, "action": "give"})
    assert consent_given(trainee, Purpose.PHOTOS)
    first = ConsentRecord.objects.get(user=trainee, purpose=Purpose.PHOTOS)
    assert first.channel == ConsentRecord.Channel.PRIVACY_PAGE
    client.post(url, {"purpose": Purpose.PHOTOS, "action": "withdraw"})
    assert not consent_given(trainee, Purpose.PHOTOS)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    # Other purposes are untouched.
    assert consent_given(trainee, Purpose.DATA_PROCESSING)
    client.post(url, {"purpose": Purpose.PHOTOS, "action": "give"})
    assert ConsentRecord.objects.filter(user=trainee, purpose=Purpose.PHOTOS).count() == 2
    assert consent_given(trainee, Purpose.PHOTOS)
    page = client.get(url).content.decode()
    assert "Withdraw" in page and "I agree" in page


def test_pending_consent_trainee_is_asked_first_then_continues(client, home_page):
    trainee = TraineeFactory(consent=False)
    client.force_login(trainee)
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:privacy_consents"))
    # The consent page, the privacy notice and logging out stay reachable.
    assert client.get(response.url).status_code == 200
    assert client.get("/en/accounts/privacy/").status_code in (302, 404)
    given = client.post(
        "/en/accounts/privacy/consents/",
        {"purpose": Purpose.DATA_PROCESSING, "action": "give", "next": "/en/accounts/profile/"},
    )
    assert given.url == "/en/accounts/profile/"
    assert client.get("/en/accounts/profile/").status_code == 200


def test_pending_consent_exempt_paths(client, home_page):
    trainee = TraineeFactory(consent=False)
    client.force_login(trainee)
    consents = reverse("accounts:privacy_consents")
    for path in ("/en/accounts/privacy/", "/i18n/setlang/", "/static/css/none.css"):
        response = client.get(path)
        assert not (response.status_code == 302 and response.url.startswith(consents)), path
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_are_not_held_by_pending_consent(client):
    trainer = TrainerFactory(consent=False)
    client.force_login(trainer)
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 200


def test_csv_enrolment_leaves_the_account_pending_consent():
    from lms.accounts.consents import consent_pending
    from lms.accounts.services import user_signup

    user = user_signup(
        email="csv@example.org",
        password=None,
        display_name="Csv Person",
        preferred_language="it",
        territory="bari",
    )
    assert consent_pending(user)


def test_export_has_every_consent_with_channel_and_every_profile_field():
    from lms.accounts.services import user_export_data

    trainee = TraineeFactory()
    data = user_export_data(user=trainee)
    assert [c["channel"] for c in data["consents"]] == [ConsentRecord.Channel.SIGNUP]
    exported = set(data["profile"])
    fields = {
        f.name for f in type(trainee.profile)._meta.concrete_fields if f.name not in {"id", "user"}
    }
    assert fields <= exported, fields - exported
