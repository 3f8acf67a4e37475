"""Issue 15, items 12 and 17 in the browser: the timed quiz announces five and one
minute left (politely, with a visible warning), and an answer given just before leaving
the page is not lost (flushed on ``pagehide``); the "saved at" chip stays in view."""

import re

import pytest

from assessments import demo
from courses.models import ModulePage
from courses.services import enrollment_create
from tests.courses.factories import make_catalog, make_course
from tests.factories import PASSWORD

from .conftest import assert_accessible, visit, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _start_the_timed_quiz(page, home_page, trainee):
    course = make_course(make_catalog(home_page), modules=1, lessons=1, self_enrollment=True)
    enrollment_create(user=trainee, course=course)
    categories = demo.load()
    quiz = demo.final_quiz(ModulePage.objects.child_of(course).get(), list(categories.values()))
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(trainee.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert_accessible(page)
    visit(page, quiz.url)
    page.locator(".quiz form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    assert_accessible(page)
    return page.url


def test_the_timer_announces_five_and_one_minute_left(phone_page, home_page, trainee):
    page = phone_page
    page.clock.install()
    _start_the_timed_quiz(page, home_page, trainee)
    timer = page.locator("[data-seconds-left]")
    alert = timer.locator(".quiz__timer-alert")
    assert alert.get_attribute("aria-live") == "polite"
    assert alert.text_content() == ""
    assert "quiz__timer--warning" not in timer.get_attribute("class")
    page.clock.run_for("15:10")  # about 4:50 left
    wait_until(page, "() => document.querySelector('.quiz__timer-alert').textContent.length > 0")
    assert alert.text_content() == timer.get_attribute("data-warn-5")
    assert "quiz__timer--warning" in timer.get_attribute("class")
    page.clock.run_for("04:00")  # about 0:50 left
    wait_until(
        page,
        "(five) => document.querySelector('.quiz__timer-alert').textContent !== five",
        arg=timer.get_attribute("data-warn-5"),
    )
    assert alert.text_content() == timer.get_attribute("data-warn-1")
    assert_accessible(page)


def test_an_answer_given_just_before_leaving_is_kept(phone_page, home_page, trainee):
    page = phone_page
    _start_the_timed_quiz(page, home_page, trainee)
    # The chip saying when the answers were saved stays in view (sticky) on the phone.
    status = page.locator(".quiz__status")
    assert status.evaluate("el => getComputedStyle(el).position") == "sticky"
    # The questions are drawn at random: find a page with a choice to tick (six
    # questions a page, so this is nearly always the first one).
    choices = page.locator(
        "fieldset.question input[type=radio], fieldset.question input[type=checkbox]"
    )
    for _ in range(2):
        if choices.count():
            break
        page.locator(".quiz__actions button[name=next]").click()
        page.wait_for_url(re.compile(r"\?page=\d"))
        assert_accessible(page)
    attempt_url = page.url
    choice = choices.first
    name, value = choice.get_attribute("name"), choice.get_attribute("value")
    choice.check()
    # Away at once: well before the 0.8 s autosave delay.
    page.goto("/en/dashboard/")
    assert_accessible(page)
    page.wait_for_timeout(1000)  # the beacon reaches the server
    visit(page, attempt_url)
    checked = page.locator(f"input[name='{name}'][value='{value}']")
    assert checked.is_checked()
