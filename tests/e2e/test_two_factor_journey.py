"""Two-step sign-in on a coordinator's phone: enrolment with the QR code and the key,
the backup codes, then a later sign-in that asks for the app's code — every page
checked with axe (and, by the page fixture, without a CSP violation), in English and
Arabic."""

import re

import pytest
from playwright.sync_api import expect

from lms.roles import Role
from tests.factories import PASSWORD, CoordinatorFactory
from tests.lms.test_two_factor import REQUIRED, Authenticator

from .conftest import assert_accessible, assert_fits_the_phone, visit

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, email, prefix="/en"):
    visit(page, f"{prefix}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_a_coordinator_sets_up_and_uses_two_step_sign_in_on_a_phone(phone_page, settings, prefix):
    settings.OTP_REQUIRED_FOR = REQUIRED
    page = phone_page
    language = prefix.strip("/")
    # Signing in takes a person to their preferred language (issue 14): theirs is the
    # one the journey is read in.
    coordinator = CoordinatorFactory(
        email="coord@example.org",
        username="coord@example.org",
        profile__preferred_language=language,
    )
    assert coordinator.groups.filter(name=Role.COORDINATOR).exists()

    # First sign-in: the role needs a second step, so enrolment comes first.
    sign_in(page, coordinator.email, prefix)
    page.wait_for_url(re.compile(r".*/accounts/two-factor/.*"))
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator(".qr-code img")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_phone(page)
    app = Authenticator(page.locator("code.otp-secret").inner_text())
    page.locator("input[name=token]").fill(app.code())
    page.locator("form.form button[type=submit]").click()

    # The backup codes, shown once.
    page.wait_for_selector(".backup-codes")
    assert page.locator(".backup-codes li").count() == 10
    assert_accessible(page)
    assert_fits_the_phone(page)

    # A later sign-in asks for the app's code.
    page.context.clear_cookies()
    sign_in(page, coordinator.email, prefix)
    page.wait_for_url(re.compile(r".*/accounts/two-factor/verify/.*"))
    assert_accessible(page)
    page.locator("input[name=token]").fill(app.code())
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "two-factor" not in url)
    assert "/admin/" in page.url  # a coordinator's start page once signed in
    assert_accessible(page)

    # Another sign-in with a wrong code: refused, with a message that axe accepts.
    page.context.clear_cookies()
    sign_in(page, coordinator.email, prefix)
    page.wait_for_url(re.compile(r".*/accounts/two-factor/verify/.*"))
    page.locator("input[name=token]").fill("000000")
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_selector(".error-summary")
    assert "two-factor/verify" in page.url
    assert_accessible(page)
