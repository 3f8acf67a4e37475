"""Issue 19 item 3: a person without e-mail who forgot their password signs in with a
code by text message on a 390 px phone in Arabic, must choose a new password, then is
in. axe on every page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from lms import sms
from tests.factories import TraineeFactory

from .conftest import assert_accessible, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_by_text_message_on_a_phone_in_arabic(phone_page, home_page):
    page = phone_page
    sms.outbox.clear()
    cache.clear()
    person = TraineeFactory(email="", username="amina.diallo")
    person.profile.preferred_language = "ar"
    person.profile.phone = "+393471234567"
    person.profile.save()
    visit(page, "/ar/accounts/login/")
    page.locator("main a[href='/ar/accounts/sms/']").click()
    page.wait_for_url("**/ar/accounts/sms/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    page.locator("#id_phone").fill("+39 347 123 4567")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url("**/ar/accounts/sms/code/")
    assert_accessible(page)
    assert len(sms.outbox) == 1 and sms.outbox[0].to == "+393471234567"
    code = next(w for w in sms.outbox[0].body.replace(".", " ").split() if w.isdigit())
    # A wrong code first: a clear message, nobody signed in.
    page.locator("#id_code").fill("000000" if code != "000000" else "111111")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("[role=alert]").count() == 1
    assert_accessible(page)
    page.locator("#id_code").fill(code)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url("**/ar/accounts/card/password/")
    assert_accessible(page)
    page.locator("#id_new_password1").fill("lemon-tree-river-7")
    page.locator("#id_new_password2").fill("lemon-tree-river-7")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "/card/password/" not in page.url and page.url.split("/")[3] == "ar"
    assert_accessible(page)
    assert get_user_model().objects.get(pk=person.pk).check_password("lemon-tree-river-7")
    sms.outbox.clear()
