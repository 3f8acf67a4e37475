"""Two-step sign-in for staff (django-otp TOTP and backup codes), issue 13 item 6.

The codes are computed here from the key the enrolment page shows (RFC 6238, written
out below), as the person's authenticator app would compute them."""

import base64
import hashlib
import hmac
import importlib
import re
import struct
import time

import pytest
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/en/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
REQUIRED = ["coordinator", "superuser"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def totp(secret: str, at: float | None = None, step: int = 30) -> str:
    """The 6-digit code an authenticator app shows for base32 ``secret`` at ``at``."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class Authenticator:
    """A person's authenticator app holding ``secret``.

    ``code()`` is the code to type next: the current 30-second step's, or — when that
    step's code was already typed — the next step's, as a person who waits for a fresh
    code would type it. (Always typing "the next step's code" is not what a person does
    and fails once the server has learnt a drift of one step at enrolment.)"""

    def __init__(self, secret: str, step: int = 30):
        self.secret, self.step, self._last = secret, step, None

    def code(self) -> str:
        counter = int(time.time() // self.step)
        if self._last is not None:
            counter = max(counter, self._last + 1)
        self._last = counter
        return totp(self.secret, counter * self.step, self.step)


def _password_login(client, user, url=SITE_LOGIN):
    response = client.post(url, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the password step itself succeeds"
    return response


def _enrol(client, user) -> tuple[Authenticator, list[str]]:
    """Enrol through the pages; (an app holding the key shown, the backup codes shown)."""
    page = client.get("/en/accounts/two-factor/")
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html, "the QR code is drawn on the server as SVG"
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    app = Authenticator(secret)
    response = client.post("/en/accounts/two-factor/", {"token": app.code()})
    assert response.status_code == 302
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10
    return app, codes


def _enrolled(client, user):
    """``user`` with a device, then logged out: (the app, backup codes)."""
    client.force_login(user)
    app, codes = _enrol(client, user)
    client.logout()
    return app, codes


@pytest.mark.parametrize("login_url", [SITE_LOGIN, ADMIN_LOGIN])
def test_a_coordinator_without_the_code_is_refused(client, settings, coordinator, login_url):
    settings.OTP_REQUIRED_FOR = REQUIRED
    _app, _codes = _enrolled(client, coordinator)
    _password_login(client, coordinator, login_url)
    for page in ("/admin/", "/en/accounts/unlock/", "/en/dashboard/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/two-factor/verify/") or response[
            "Location"
        ].startswith("/accounts/two-factor/verify/")
    wrong = client.post("/en/accounts/two-factor/verify/", {"token": "000000"})
    assert "This code is not right, or it has already been used." in wrong.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_valid_code_passes_and_its_replay_is_refused(client, settings, coordinator):
    settings.OTP_REQUIRED_FOR = REQUIRED
    app, _codes = _enrolled(client, coordinator)
    # The enrolment used this 30-second step's code; the app's next fresh one passes.
    code = app.code()
    _password_login(client, coordinator, ADMIN_LOGIN)
    response = client.post("/en/accounts/two-factor/verify/?next=/admin/", {"token": code})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.logout()
    _password_login(client, coordinator)
    replay = client.post("/en/accounts/two-factor/verify/", {"token": code})
    assert replay.status_code == 200
    assert "This code is not right, or it has already been used." in replay.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once(client, settings, coordinator):
    settings.OTP_REQUIRED_FOR = REQUIRED
    _app, codes = _enrolled(client, coordinator)
    _password_login(client, coordinator)
    response = client.post("/en/accounts/two-factor/verify/", {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    _password_login(client, coordinator)
    again = client.post("/en/accounts/two-factor/verify/", {"token": codes[0]})
    assert "This code is not right, or it has already been used." in again.content.decode()


def test_wrong_codes_slow_down_the_next_try(client, settings, coordinator):
    settings.OTP_REQUIRED_FOR = REQUIRED
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 60
    app, _codes = _enrolled(client, coordinator)
    _password_login(client, coordinator)
    client.post("/en/accounts/two-factor/verify/", {"token": "000000"})
    right = client.post("/en/accounts/two-factor/verify/", {"token": app.code()})
    assert "Too many wrong codes." in right.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_coordinator_without_a_device_must_enrol_first(client, settings, coordinator):
    settings.OTP_REQUIRED_FOR = REQUIRED
    _password_login(client, coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/two-factor/?next=%2Fadmin%2F" in response["Location"]
    page = client.get("/en/accounts/two-factor/")
    assert "Your role needs a second step at every sign-in" in page.content.decode()
    _enrol(client, coordinator)
    assert client.get("/admin/").status_code == 200


def test_superusers_are_required_too(client, settings):
    settings.OTP_REQUIRED_FOR = REQUIRED
    admin = UserFactory(is_superuser=True, is_staff=True)
    _password_login(client, admin, ADMIN_LOGIN)
    assert client.get("/admin/").status_code == 302


def test_trainers_may_enrol_and_then_must_use_it(client, settings, trainer):
    settings.OTP_REQUIRED_FOR = REQUIRED
    _password_login(client, trainer)
    assert client.get("/admin/").status_code == 200, "optional for trainers"
    client.logout()
    _enrolled(client, trainer)
    _password_login(client, trainer)
    assert client.get("/admin/").status_code == 302


def test_in_development_and_tests_nobody_is_required(client, coordinator):
    _password_login(client, coordinator)
    assert client.get("/admin/").status_code == 200


def test_production_settings_require_coordinators_and_superusers(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("OTP_REQUIRED_FOR", "")  # cannot be switched off
    production = importlib.import_module("lms.settings.production")
    production = importlib.reload(production)
    assert {"coordinator", "superuser"} <= set(production.OTP_REQUIRED_FOR)
    monkeypatch.setenv("OTP_REQUIRED_FOR", "trainer")
    production = importlib.reload(production)
    assert set(production.OTP_REQUIRED_FOR) == {"coordinator", "superuser", "trainer"}


def test_a_coordinator_resets_a_lost_device_and_it_is_in_the_history(
    client, settings, coordinator, trainer
):
    from wagtail.models import ModelLogEntry

    settings.OTP_REQUIRED_FOR = REQUIRED
    _enrolled(client, trainer)
    client.force_login(coordinator)
    _enrol(client, coordinator)
    page = client.get("/en/accounts/two-factor/reset/").content.decode()
    assert trainer.email in page
    response = client.post("/en/accounts/two-factor/reset/", {"user": trainer.pk})
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="lms.two_factor_reset")
    assert (entry.object_id, entry.user_id) == (str(trainer.pk), coordinator.pk)
    client.logout()
    _password_login(client, trainer)
    assert client.get("/admin/").status_code == 200, "no device left to ask for"


def test_only_coordinators_reset_and_never_a_superuser_unless_superuser(
    client, settings, coordinator, trainer
):
    admin = UserFactory(is_superuser=True, is_staff=True)
    _enrolled(client, admin)
    client.force_login(trainer)
    assert client.post("/en/accounts/two-factor/reset/", {"user": admin.pk}).status_code == 403
    client.force_login(coordinator)
    assert admin.email not in client.get("/en/accounts/two-factor/reset/").content.decode()
    # Out of the coordinator's reach, as any out-of-scope person is: not found.
    assert client.post("/en/accounts/two-factor/reset/", {"user": admin.pk}).status_code == 404


def test_trainees_have_no_second_factor_pages(client, trainee):
    client.force_login(trainee)
    assert client.get("/en/accounts/two-factor/").status_code == 403
    assert client.get("/en/accounts/two-factor/verify/").status_code == 403


def test_a_territorial_coordinator_resets_only_the_staff_of_their_territories(client, settings):
    """The Bari coordinator neither sees nor resets the Foggia trainer's device; the Bari
    trainer's is theirs to reset (the one rule of ``lms.roles.territories_for``)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import CoordinatorFactory, TrainerFactory

    settings.OTP_REQUIRED_FOR = REQUIRED
    bari = TrainerFactory(profile__territory="bari")
    foggia = TrainerFactory(profile__territory="foggia")
    for person in (bari, foggia):
        _enrolled(client, person)
    coordinator = CoordinatorFactory(territories=["bari"])
    client.force_login(coordinator)
    _enrol(client, coordinator)
    page = client.get("/en/accounts/two-factor/reset/").content.decode()
    assert bari.email in page
    assert foggia.email not in page
    assert client.post("/en/accounts/two-factor/reset/", {"user": foggia.pk}).status_code == 404
    assert TOTPDevice.objects.filter(user=foggia).exists()
    assert client.post("/en/accounts/two-factor/reset/", {"user": bari.pk}).status_code == 302
    assert not TOTPDevice.objects.filter(user=bari).exists()
