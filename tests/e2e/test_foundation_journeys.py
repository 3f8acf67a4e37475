"""First journeys: sign up in Italian, read Arabic right-to-left, the admin by role."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lms.accounts.models import ConsentRecord
from tests.factories import PASSWORD

from .conftest import assert_accessible, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_trainee_signs_up_in_italian(page, home_page):
    """A visitor signs up in Italian, gives consent and lands logged in."""
    visit(page, "/")
    page.get_by_role("link", name="Crea il tuo account").first.click()
    assert_accessible(page)
    assert page.locator("html").get_attribute("lang") == "it"

    # Submitting without consent re-shows what was typed with a clear error.
    page.get_by_label("Il tuo nome").fill("Ngozi Okafor")
    page.get_by_label("Indirizzo e-mail").fill("ngozi@example.org")
    page.get_by_label("Password", exact=True).fill("un-segreto-lungo-42")
    page.get_by_label("Ripeti la password").fill("un-segreto-lungo-42")
    page.get_by_label("Dove partecipi?").select_option("foggia")
    page.get_by_role("button", name="Crea account").click()
    assert_accessible(page)
    expect(
        page.get_by_text("Possiamo creare il tuo account solo con il tuo consenso.")
    ).to_be_visible()
    assert page.get_by_label("Il tuo nome").input_value() == "Ngozi Okafor"

    page.get_by_label("Password", exact=True).fill("un-segreto-lungo-42")
    page.get_by_label("Ripeti la password").fill("un-segreto-lungo-42")
    page.get_by_label(re.compile("Acconsento")).check()
    page.get_by_role("button", name="Crea account").click()
    assert_accessible(page)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()

    user = get_user_model().objects.get(email="ngozi@example.org")
    assert user.profile.territory == "foggia"
    assert user.groups.filter(name="trainee").exists()
    consent = ConsentRecord.objects.get(user=user)
    assert consent.language == "it"


def test_arabic_pages_read_right_to_left(page, home_page):
    """Switching to Arabic gives a right-to-left page with a mirrored header."""
    visit(page, "/en/")
    page.get_by_role("link", name="العربية").click()
    assert_accessible(page)
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    # Mirrored: the brand sits on the right-hand side of the header.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2


def test_trainer_logs_in_and_reaches_the_admin(page, home_page, trainer):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(trainer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    # The Wagtail admin is Wagtail's own UI; check it too, serious/critical only.
    assert_accessible(page)
    assert page.get_by_role("heading", level=1).count() >= 1


def test_trainee_is_refused_the_admin(page, home_page, trainee):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(trainee.email.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert_accessible(page)
    response = page.goto("/admin/")
    assert response.status == 403
    assert_accessible(page)
    assert page.get_by_role(
        "heading", name=re.compile("not for your account|non è per il tuo")
    ).is_visible()
