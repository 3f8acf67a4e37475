"""A trainee takes the timed final quiz on a phone, reloads half-way, submits, reviews,
then finds the result in the course outline and on the dashboard."""

import re

import pytest
from django.template.defaultfilters import floatformat
from playwright.sync_api import expect

from assessments import demo
from assessments.models import Attempt
from courses.models import ModulePage
from courses.services import enrollment_create
from tests.assessments.helpers import it
from tests.courses.factories import make_catalog, make_course
from tests.factories import PASSWORD

from .conftest import assert_accessible, screenshot, visit, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _answer_visible_questions(page, *, leave=None) -> int:
    """Give some answer to each question on the page, as a hurried trainee would
    (except to the question with the id ``leave``)."""
    answered = 0
    for question in page.locator("fieldset.question").all():
        if leave and question.get_attribute("id") == leave:
            continue
        radios = question.locator("input[type=radio]")
        boxes = question.locator("input[type=checkbox]")
        texts = question.locator("input[type=text]")
        selects = question.locator("select")
        if radios.count():
            radios.first.check()
        elif boxes.count():
            boxes.first.check()
        elif texts.count():
            texts.first.fill("42")
        elif selects.count():
            for index in range(selects.count()):
                selects.nth(index).select_option(index=1)
        else:
            continue
        answered += 1
    return answered


def _checked_keys(page) -> list[str]:
    return page.locator("input[type=radio]:checked, input[type=checkbox]:checked").evaluate_all(
        "inputs => inputs.map(i => i.name + '=' + i.value)"
    )


def test_trainee_takes_the_timed_final_quiz_on_a_phone(phone_page, home_page, trainee):
    page = phone_page
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
    assert page.get_by_role("heading", level=1).inner_text() == "Quiz finale del percorso"
    page.locator(".quiz form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    assert_accessible(page)
    # The server's clock runs: about 20 minutes are left.
    assert page.locator("[role=timer]").inner_text().startswith(("19:", "20:"))

    assert _answer_visible_questions(page) == 6
    # Finishing is the secondary action on page 1 of 3; the strip lists all 18.
    assert "button--secondary" in page.locator("button[name=summary]").get_attribute("class")
    assert page.locator(".qstrip__item").count() == 18
    assert page.locator(".qstrip__item--answered").count() == 6
    page.locator("button[name=next]").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert_accessible(page)

    # Page two: answers are saved by the script as they are given...
    with page.expect_response(re.compile(r"/autosave/$")) as saved:
        assert _answer_visible_questions(page) == 6
    assert saved.value.ok
    wait_until(page, "() => document.querySelector('.quiz__status').textContent.trim().length > 0")
    page.wait_for_timeout(1500)  # let the last debounced save finish
    before = _checked_keys(page)
    typed = page.locator("fieldset.question input[type=text]").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    # ...so a reload half-way loses nothing.
    page.reload()
    assert_accessible(page)
    assert _checked_keys(page) == before
    assert (
        page.locator("fieldset.question input[type=text]").evaluate_all(
            "inputs => inputs.map(i => i.value)"
        )
        == typed
    )

    page.locator("button[name=next]").click()
    page.wait_for_url(re.compile(r"\?page=3$"))
    assert_accessible(page)
    # Page three is the last: only here is "Check and submit" the main action.
    assert "button--secondary" not in page.locator("button[name=summary]").get_attribute("class")
    # One question left unanswered and flagged for later.
    # (Any question a hurried trainee can answer: the draw is random, so page three
    # need not hold a single-choice one.)
    unanswered = page.locator(
        "fieldset.question:has(input[type=radio], input[type=checkbox], input[type=text], select)"
    ).last
    position = unanswered.get_attribute("id").split("-")[1]
    _answer_visible_questions(page, leave=f"question-{position}")
    page.locator(f"#flag-{position}").check()
    page.locator("button[name=summary]").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    assert_accessible(page)
    screenshot(page, "quiz-summary")
    missing = it(
        "%(counter)s question unanswered", "%(counter)s questions unanswered", 1, counter=1
    )
    assert missing in page.locator(".quiz__unanswered").inner_text()
    assert it("flagged") in page.locator(f"tbody tr:nth-child({position})").inner_text()
    # "go back" leads to that question; answer it and come back.
    page.locator(".quiz__unanswered a").click()
    page.wait_for_url(re.compile(rf"\?page=3#question-{position}$"))
    assert_accessible(page)
    _answer_visible_questions(page)
    page.locator("button[name=summary]").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    assert_accessible(page)
    expect(page.locator(".quiz__all-answered")).to_be_visible()
    page.locator("button[name=finish]").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert_accessible(page)
    screenshot(page, "quiz-review")

    attempt = Attempt.objects.get(user=trainee)
    assert attempt.state == Attempt.State.GRADED
    assert attempt.responses.exclude(answer=None).count() == 18
    expect(page.locator(".quiz__grade")).to_be_visible()
    # As the page rounds it (floatformat: half up; Python's format rounds half to even).
    shown = floatformat(attempt.percent, 0)
    assert f"{shown}%" in page.locator(".quiz__grade").inner_text()
    # Correct answers wait until the quiz closes.
    assert page.locator(".question--review").count() == 18

    # The course outline and the dashboard now give the result in words, not colour.
    message = (
        "Graded: %(percent)s%%, passed"
        if attempt.percent >= quiz.pass_mark
        else "Graded: %(percent)s%%, not passed yet"
    )
    result = it(message, percent=shown)
    visit(page, course.url)
    row = page.locator("li.step--quiz", has_text="Quiz finale del percorso")
    assert result in row.inner_text()
    assert page.locator(".question--review, .question").count() == 0
    visit(page, "/dashboard/")
    card = page.locator(".course-progress", has_text=course.title)
    assert result in card.locator("li.step--quiz").inner_text()
    # Nothing runs off the side of a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
