"""Issue 19 item 3: a person without e-mail scans their login card on a 390 px phone in
Arabic, signs in once, must choose a password, then logs in with their username; the
coordinators' Login cards page. axe on every page."""

import pytest
from django.contrib.auth import get_user_model

from lms.accounts.login_cards import login_card_issue
from tests.factories import PASSWORD, CoordinatorFactory, TraineeFactory

from .conftest import assert_accessible, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_login_card_on_a_phone_in_arabic(phone_page, home_page):
    page = phone_page
    person = TraineeFactory(email="", username="amina.diallo")
    person.profile.preferred_language = "ar"
    person.profile.save()
    issued = login_card_issue(user=person)
    assert issued.path.startswith("/ar/accounts/card/")
    visit(page, issued.path)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/accounts/card/password/")
    assert_accessible(page)
    assert "amina.diallo" in page.locator("main").inner_text()
    # Nothing else before a password: the dashboard sends back here.
    page.goto("/ar/dashboard/")
    page.wait_for_url("**/ar/accounts/card/password/")
    assert_accessible(page)
    page.locator("#id_new_password1").fill("lemon-tree-river-7")
    page.locator("#id_new_password2").fill("lemon-tree-river-7")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert "/card/password/" not in page.url
    assert get_user_model().objects.get(pk=person.pk).check_password("lemon-tree-river-7")
    # The card is spent: scanning it again says so.
    page.context.clear_cookies()
    response = visit(page, issued.path)
    assert response.status == 410
    assert page.locator("[role=alert]").count() == 1


def test_the_coordinators_login_cards_page(page, home_page):
    coordinator = CoordinatorFactory()
    person = TraineeFactory(email="", username="yonas.t")
    login_card_issue(user=person, issued_by=coordinator)
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address or username").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    visit(page, "/en/accounts/cards/")
    row = page.locator("tr", has_text="yonas.t")
    assert "Not used yet" in row.inner_text()
    row.get_by_role("button", name="Cancel the card").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert "Revoked" in page.locator("tr", has_text="yonas.t").inner_text()
