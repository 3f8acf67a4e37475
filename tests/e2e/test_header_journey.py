"""The phone header: compact, one "Menu" button that opens the links (Courses and
Certificates among them), and shut again with Escape."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .conftest import PHONE, assert_accessible, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_phone_header_is_compact_and_its_menu_opens(phone_page, home_page, trainee):
    page = phone_page
    trainee.profile.preferred_language = "en"  # every login continues in this language
    trainee.profile.save()
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(trainee.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE["height"] * 0.12  # was 24–30% of the screen
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Certificates").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Courses").get_attribute("href") == "/en/courses/"
    assert page.get_by_role("link", name="Certificates").get_attribute("href") == (
        "/en/certificates/"
    )
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"


def test_on_a_desktop_the_menu_is_always_open(page, home_page):
    visit(page, "/en/")
    assert not page.locator(".menu-toggle").is_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
