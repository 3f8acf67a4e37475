"""A trainer imports a GIFT file exported from Moodle: preview first, then the bank."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Question
from tests.assessments.test_import import BROKEN_GIFT, MOODLE_GIFT
from tests.factories import PASSWORD

from .conftest import assert_accessible, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_trainer_previews_then_imports_and_a_broken_file_is_refused(
    page, home_page, trainer, tmp_path
):
    good = tmp_path / "moodle-export.gift"
    good.write_text(MOODLE_GIFT, encoding="utf-8")
    broken = tmp_path / "broken.gift"
    broken.write_text(BROKEN_GIFT, encoding="utf-8")

    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(trainer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert_accessible(page)

    visit(page, "/admin/assessments/import/")
    page.locator("input[type=file]").set_input_files(str(broken))
    page.locator("select[name=fmt]").select_option("gift")
    page.locator("input[name=category]").fill("Dal Moodle")
    page.locator("form button[type=submit].button").last.click()
    assert_accessible(page)
    problems = page.locator(".import-problems li").all_inner_texts()
    assert len(problems) == 2
    assert problems[0].startswith(("line 3:", "riga 3:"))
    assert not Question.objects.exists()

    page.locator("input[type=file]").set_input_files(str(good))
    page.locator("form button[type=submit].button").last.click()
    assert_accessible(page)
    expect(page.get_by_role("cell", name="Ascolto attivo")).to_be_visible()
    assert not Question.objects.exists()
    page.locator("button[name=confirm]").click()
    assert_accessible(page)
    assert Question.objects.count() == 2
    assert "Dal Moodle" in page.locator(".messages").inner_text()
