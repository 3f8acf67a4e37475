"""Login throttling on the site and the admin, and the coordinators' unlock (item 6)."""

import pytest
from django.utils import translation

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGINS = ["/en/accounts/login/", "/admin/login/"]


def _try(client, url, email, password, address="198.51.100.7"):
    return client.post(
        url, {"username": email, "password": password}, REMOTE_ADDR=address, follow=False
    )


@pytest.mark.parametrize("url", LOGINS)
def test_the_right_password_after_many_wrong_ones_is_refused(client, trainer, url):
    for _ in range(25):
        _try(client, url, trainer.email, "wrong-password")
    response = _try(client, url, trainer.email, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    # /admin/login/ has no language prefix: the page speaks the default, Italian.
    with translation.override(response["Content-Language"]):
        message = translation.ngettext(
            "Too many wrong passwords for this account: signing in from here is locked "
            "for %(hours)s hour.",
            "Too many wrong passwords for this account: signing in from here is locked "
            "for %(hours)s hours.",
            1,
        ) % {"hours": 1}
    assert message.replace("’", "&#x27;").split(":")[0] in html.replace("’", "&#x27;")
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(client, trainee):
    for _ in range(4):
        _try(client, LOGINS[0], trainee.email, "wrong-password")
    response = _try(client, LOGINS[0], trainee.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(trainee.pk)


def test_a_lockout_from_one_address_does_not_lock_the_person_out_elsewhere(client, trainee):
    for _ in range(6):
        _try(client, LOGINS[0], trainee.email, "wrong-password", address="203.0.113.66")
    assert (
        _try(client, LOGINS[0], trainee.email, PASSWORD, address="203.0.113.66").status_code == 429
    )
    assert _try(client, LOGINS[0], trainee.email, PASSWORD, address="192.0.2.10").status_code == 302


def test_a_coordinator_unlocks_the_account(client, trainee, coordinator, trainer):
    for _ in range(6):
        _try(client, LOGINS[0], trainee.email, "wrong-password")
    client.force_login(trainer)
    assert client.get("/en/accounts/unlock/").status_code == 403
    client.force_login(coordinator)
    page = client.get("/en/accounts/unlock/").content.decode()
    assert trainee.email in page
    response = client.post("/en/accounts/unlock/", {"username": trainee.email}, follow=True)
    assert f"{trainee.email} can sign in again." in response.content.decode()
    client.logout()
    assert _try(client, LOGINS[0], trainee.email, PASSWORD).status_code == 302


def test_a_territorial_coordinator_unlocks_only_the_accounts_of_their_territories(client):
    """The Bari coordinator sees and unlocks a locked Bari trainee, not a Foggia one, nor
    a name that matches no account (that is the programme coordinator's to judge)."""
    from tests.factories import CoordinatorFactory, TraineeFactory

    bari = TraineeFactory(profile__territory="bari")
    foggia = TraineeFactory(profile__territory="foggia")
    for email in (bari.email, foggia.email, "nobody@example.org"):
        for _ in range(6):
            _try(client, LOGINS[0], email, "wrong-password")
    client.force_login(CoordinatorFactory(territories=["bari"]))
    page = client.get("/en/accounts/unlock/").content.decode()
    assert bari.email in page
    assert foggia.email not in page and "nobody@example.org" not in page
    assert client.post("/en/accounts/unlock/", {"username": foggia.email}).status_code == 404
    assert (
        client.post("/en/accounts/unlock/", {"username": "nobody@example.org"}).status_code == 404
    )
    assert client.post("/en/accounts/unlock/", {"username": bari.email}).status_code == 302
    client.logout()
    assert _try(client, LOGINS[0], bari.email, PASSWORD).status_code == 302
    assert _try(client, LOGINS[0], foggia.email, PASSWORD).status_code == 429
