"""Sign-up, login, roles, profile, personal-data export and erasure."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from lms.accounts.models import ConsentRecord, Profile
from lms.roles import Role, has_role, is_staff_role
from tests.factories import PASSWORD

User = get_user_model()
pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Şeyda Yılmaz",
    "email": "Seyda@Example.org",
    "password1": "a-long-passphrase-77",
    "password2": "a-long-passphrase-77",
    "preferred_language": "fr",
    "territory": "lecce",
    "organisation": "Associazione Ponti",
    "consent": "on",
}


def test_role_groups_exist_with_admin_access_for_staff_only():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {"trainee", "trainer", "coordinator"} <= names

    def can_access_admin(name):
        return Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()

    assert not can_access_admin("trainee")
    assert can_access_admin("trainer")
    assert can_access_admin("coordinator")


def test_signup_creates_trainee_with_profile_and_consent(client, home_page, settings):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="seyda@example.org")
    assert user.username == "seyda@example.org"
    assert has_role(user, Role.TRAINEE) and not is_staff_role(user)
    assert user.profile.display_name == "Şeyda Yılmaz"
    assert user.profile.preferred_language == "fr"
    assert user.profile.territory == "lecce"
    consent = ConsentRecord.objects.get(user=user)
    assert consent.text_version == settings.CONSENT_TEXT_VERSION
    assert consent.given_at is not None
    # Logged straight in, and sent on in the language they chose.
    assert response.url.startswith("/fr/")
    assert client.get("/fr/accounts/profile/").status_code == 200


def test_signup_without_consent_reshows_the_form_and_creates_nothing(client, home_page):
    data = {**SIGNUP, "consent": ""}
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "We can only create your account with your consent." in content
    assert 'value="Şeyda Yılmaz"' in content
    assert not User.objects.filter(email="seyda@example.org").exists()


def test_signup_with_a_taken_email_does_not_say_so_and_mails_the_owner(client, home_page, trainee):
    data = {**SIGNUP, "email": trainee.email.upper()}
    response = client.post("/en/accounts/signup/", data)
    content = response.content.decode()
    assert "already exists" not in content and "already has" not in content
    assert "Check your e-mail" in content
    assert User.objects.filter(email__iexact=trainee.email).count() == 1
    # Nobody was logged in as the existing owner, and the owner heard about it.
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [[trainee.email]]
    assert "already has one" in mail.outbox[0].body


def test_signup_refuses_mismatched_passwords(client, home_page):
    response = client.post("/en/accounts/signup/", {**SIGNUP, "password2": "something-else-1"})
    assert "The two passwords are different." in response.content.decode()


def test_login_with_email_in_any_case_sends_trainee_on(client, home_page, trainee):
    trainee.profile.preferred_language = "en"
    trainee.profile.save()
    response = client.post(
        "/en/accounts/login/", {"username": trainee.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/en/accounts/welcome/"


@pytest.mark.parametrize("login_page", ["/accounts/login/", "/fr/accounts/login/"])
def test_every_login_continues_in_the_preferred_language(client, home_page, trainee, login_page):
    """Not only after sign-up: an Arabic speaker lands on the Arabic dashboard, and a
    page they were sent from opens in Arabic too."""
    trainee.profile.preferred_language = "ar"
    trainee.profile.save()
    credentials = {"username": trainee.email, "password": PASSWORD}
    response = client.post(login_page, credentials, follow=True)
    assert response.redirect_chain[-1][0] == "/ar/dashboard/"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    client.logout()
    response = client.post(login_page + "?next=/dashboard/journal/", credentials)
    assert response.url == "/ar/dashboard/journal/"


def test_staff_land_in_the_admin_after_login(client, home_page, trainer):
    client.force_login(trainer)
    response = client.get("/en/accounts/welcome/")
    assert response.status_code == 302 and response.url == "/admin/"


def test_login_next_is_followed_only_on_this_site(client, home_page, trainee):
    client.force_login(trainee)
    assert client.get("/accounts/welcome/?next=/en/").url == "/en/"
    assert client.get("/accounts/welcome/?next=https://evil.example/").url != (
        "https://evil.example/"
    )


def test_logout_needs_post(trainee_client, home_page):
    assert trainee_client.get("/accounts/logout/").status_code == 405
    response = trainee_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in trainee_client.session


def test_password_reset_sends_a_working_link(client, home_page, trainee):
    response = client.post("/en/accounts/password-reset/", {"email": trainee.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-99", "new_password2": "brand-new-secret-99"},
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password("brand-new-secret-99")


def test_trainee_is_refused_the_admin_with_403(trainee_client):
    response = trainee_client.get("/admin/")
    assert response.status_code == 403
    assert b"wagtail" not in response.content.lower()
    assert trainee_client.get("/admin/pages/").status_code == 403
    assert trainee_client.get("/django-admin/").status_code == 403


def test_trainer_and_coordinator_reach_the_admin(client, trainer, coordinator):
    for person in (trainer, coordinator):
        client.force_login(person)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_anonymous_admin_goes_to_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_profile_edit_keeps_typed_values_on_error(trainee_client, home_page):
    response = trainee_client.post(
        "/en/accounts/profile/",
        {"display_name": "", "preferred_language": "ar", "territory": "bari", "organisation": "X"},
    )
    assert response.status_code == 200
    assert 'value="X"' in response.content.decode()
    response = trainee_client.post(
        "/en/accounts/profile/",
        {
            "display_name": "Amina",
            "preferred_language": "ar",
            "territory": "bari",
            "organisation": "X",
        },
    )
    assert response.status_code == 302 and response.url.startswith("/ar/")
    assert Profile.objects.get(display_name="Amina").preferred_language == "ar"


def test_export_contains_only_my_data(trainee_client, trainee, other_trainee):
    response = trainee_client.get("/en/accounts/profile/export/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == trainee.email
    assert other_trainee.email not in response.content.decode()


def test_erase_needs_confirmation_then_deletes_everything(trainee_client, trainee, home_page):
    response = trainee_client.post("/en/accounts/profile/erase/", {})
    assert response.status_code == 200
    assert User.objects.filter(pk=trainee.pk).exists()
    response = trainee_client.post("/en/accounts/profile/erase/", {"confirm": "yes"})
    assert response.status_code == 200  # the password is asked too
    assert "Type your password to confirm that it is you." in response.content.decode()
    assert User.objects.filter(pk=trainee.pk).exists()
    response = trainee_client.post(
        "/en/accounts/profile/erase/", {"confirm": "yes", "password": "not-my-password"}
    )
    assert User.objects.filter(pk=trainee.pk).exists()
    response = trainee_client.post(
        "/en/accounts/profile/erase/", {"confirm": "yes", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=trainee.pk).exists()
    assert not Profile.objects.filter(user_id=trainee.pk).exists()
