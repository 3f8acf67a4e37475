"""Issue 19.2 on a 390 px phone, in Arabic and Italian: a trainee turns on e-mail
reminders, adds a phone number, checks it with the code that arrives by SMS, turns on
SMS reminders, sees the message in "Recent messages" and turns SMS off again."""

import re

import pytest
from playwright.sync_api import expect

from lms import sms
from lms.accounts.consents import consent_given

from .conftest import assert_accessible, screenshot, visit
from .test_phone_privacy_and_map import assert_nothing_overflows, log_in, prefix

pytestmark = pytest.mark.django_db(transaction=True)

BUTTONS = {
    "it": ("Mandami i promemoria per e-mail", "Mandami un codice", "Controlla il codice",
           "Mandami i promemoria per SMS", "Ferma i promemoria per SMS"),
    "ar": ("أرسل لي التذكيرات بالبريد الإلكتروني", "أرسل لي رمزًا", "تحقق من الرمز",
           "أرسل لي التذكيرات برسالة نصية", "أوقف التذكيرات بالرسائل النصية"),
}  # fmt: skip


@pytest.mark.parametrize("language", ["ar", "it"])
def test_choosing_reminders_and_checking_a_phone_on_a_phone(
    phone_page, home_page, trainee, language
):
    page = phone_page
    sms.outbox.clear()
    email_on, send_code, check_code, sms_on, sms_off = BUTTONS[language]
    log_in(page, trainee)
    visit(page, f"{prefix(language)}/learn/reminders/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert_nothing_overflows(page)

    page.get_by_role("button", name=email_on).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert consent_given(trainee, "reminders_email")

    page.locator("input[name=phone]").fill("347 123")  # no country code
    page.get_by_role("button", name=send_code).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert page.locator(".field--error input[name=phone]").count() == 1
    assert sms.outbox == []

    page.locator("input[name=phone]").fill("+39 347 123 4567")
    page.get_by_role("button", name=send_code).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    [text] = sms.outbox
    assert text.to == "+393471234567"
    code = re.search(r"\d{6}", text.body).group()
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name=check_code).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.locator("text=+393471234567").first).to_be_visible()

    page.get_by_role("button", name=sms_on).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert consent_given(trainee, "reminders_sms")
    assert page.locator(".message-log li").count() == 1  # the code's message, logged
    assert_nothing_overflows(page)
    screenshot(page, f"reminders-{language}")

    page.get_by_role("button", name=sms_off).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert not consent_given(trainee, "reminders_sms")
