"""Issue 19 item 3: printed QR login cards. A card signs its person in once, before it
expires and unless it was revoked; then nothing but "choose a password" is reachable
until they have one. Every refusal says what to do."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from lms.accounts.login_cards import (
    PASSWORD_REQUIRED_SESSION_KEY,
    LoginCardError,
    login_card_issue,
    login_card_redeem,
    token_digest,
)
from lms.accounts.models import LoginCard
from tests.factories import CoordinatorFactory, TraineeFactory, TrainerFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def person():
    """Someone enrolled without an e-mail address: no password yet."""
    user = TraineeFactory(email="", username="amina.diallo")
    user.set_unusable_password()
    user.save()
    return user


def scan(client, token):
    """What a phone does with the QR code: open the address, press "Sign in"."""
    url = reverse("accounts:card", kwargs={"token": token})
    opened = client.get(url)
    return opened, client.post(url)


def test_a_card_signs_in_once_then_a_password_must_be_chosen(client, person):
    issued = login_card_issue(user=person)
    opened, signed_in = scan(client, issued.token)
    assert opened.status_code == 200 and "Sign in" in opened.text
    assert signed_in.status_code == 302 and signed_in.url == reverse("accounts:card_password")
    assert client.session["_auth_user_id"] == str(person.pk)
    # Anything else sends them back to the password page.
    for name in ("courses:dashboard", "accounts:profile", "accounts:privacy_consents"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url == reverse("accounts:card_password")
    page = client.get(reverse("accounts:card_password"))
    assert page.status_code == 200 and "amina.diallo" in page.text
    saved = client.post(
        reverse("accounts:card_password"),
        {"new_password1": "lemon-tree-river", "new_password2": "lemon-tree-river"},
    )
    assert saved.status_code == 302
    assert PASSWORD_REQUIRED_SESSION_KEY not in client.session
    person.refresh_from_db()
    assert person.check_password("lemon-tree-river")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_used_card_does_not_sign_in_again(client, person):
    issued = login_card_issue(user=person)
    scan(client, issued.token)
    client.logout()
    opened, second = scan(client, issued.token)
    assert opened.status_code == second.status_code == 410
    assert "already used" in second.text
    assert "_auth_user_id" not in client.session
    with pytest.raises(LoginCardError) as error:
        login_card_redeem(token=issued.token)
    assert error.value.code == "used"


def test_an_expired_card_is_refused(client, person, settings):
    settings.LOGIN_CARD_VALID_DAYS = 7
    issued = login_card_issue(user=person)
    assert issued.card.expires_at - issued.card.created_at > timedelta(days=6, hours=23)
    LoginCard.objects.filter(pk=issued.card.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    opened, posted = scan(client, issued.token)
    assert posted.status_code == 410 and "has expired" in posted.text
    assert "_auth_user_id" not in client.session
    assert LoginCard.objects.get(pk=issued.card.pk).used_at is None


def test_a_revoked_card_and_an_older_card_are_refused(client, person):
    first = login_card_issue(user=person)
    second = login_card_issue(user=person)  # a new card cancels the earlier one
    assert LoginCard.objects.get(pk=first.card.pk).status == "revoked"
    _opened, posted = scan(client, first.token)
    assert posted.status_code == 410 and "was cancelled" in posted.text
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.post(reverse("accounts:card_revoke", args=[second.card.pk]))
    client.logout()
    _opened, posted = scan(client, second.token)
    assert posted.status_code == 410 and "was cancelled" in posted.text
    assert "_auth_user_id" not in client.session


def test_a_wrong_token_is_refused_plainly(client, person):
    login_card_issue(user=person)
    opened, posted = scan(client, "not-a-card")
    assert opened.status_code == posted.status_code == 410
    assert "not valid" in posted.text and "_auth_user_id" not in client.session


def test_only_a_digest_of_the_secret_is_stored(person):
    issued = login_card_issue(user=person)
    stored = LoginCard.objects.get(pk=issued.card.pk)
    assert stored.token_digest == token_digest(issued.token) != issued.token
    assert issued.token not in str(LoginCard.objects.values().get(pk=issued.card.pk))


def test_cards_are_not_issued_to_staff():
    with pytest.raises(LoginCardError):
        login_card_issue(user=TrainerFactory())


def test_coordinators_print_cards_and_see_their_state(client, person):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    listing = client.get(reverse("accounts:cards"))
    assert listing.status_code == 200 and "amina.diallo" in listing.text
    pdf = client.post(reverse("accounts:cards_print"), {"people": [person.pk]})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    card = LoginCard.objects.get(user=person)
    assert card.issued_by == coordinator and card.status == "live"
    listing = client.get(reverse("accounts:cards"))
    assert 'data-card-status="live"' in listing.text
    # A reset: a second card cancels the first (the first shows as revoked).
    client.post(reverse("accounts:cards_print"), {"people": [person.pk]})
    listing = client.get(reverse("accounts:cards"))
    assert 'data-card-status="revoked"' in listing.text


def test_trainees_cannot_print_cards(client, person):
    client.force_login(TraineeFactory())
    assert client.get(reverse("accounts:cards")).status_code == 403
    assert client.post(reverse("accounts:cards_print"), {"people": [person.pk]}).status_code == 403
    assert not LoginCard.objects.exists()


def test_a_territorial_coordinator_prints_only_for_their_territory(client, person):
    person.profile.territory = "lecce"
    person.profile.save()
    client.force_login(CoordinatorFactory(territories=["foggia"]))
    assert "amina.diallo" not in client.get(reverse("accounts:cards")).text
    response = client.post(reverse("accounts:cards_print"), {"people": [person.pk]})
    assert response.status_code == 302 and not LoginCard.objects.exists()


def test_people_without_e_mail_log_in_with_their_username(client, person):
    person.set_password("lemon-tree-river")
    person.save()
    page = client.get(reverse("accounts:login"))
    assert "E-mail address or username" in page.text
    response = client.post(
        reverse("accounts:login"), {"username": "Amina.Diallo", "password": "lemon-tree-river"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
