"""An Arabic-speaking trainee on a phone stays in Arabic from login to certificate
(issue 14): every page is lang="ar" dir="rtl", under /ar/, and passes axe. The course
has no Arabic translation: its Italian content is marked as Italian, with a notice."""

import re

import pytest
from playwright.sync_api import expect

from assessments import demo
from assessments.models import Attempt
from courses.models import ModulePage
from courses.services import enrollment_create
from tests.courses.factories import make_catalog, make_course
from tests.factories import PASSWORD

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _in_arabic(page) -> None:
    assert page.url.split("//", 1)[1].split("/", 1)[1].startswith("ar/"), page.url
    assert page.evaluate("() => [document.documentElement.lang, document.dir]") == ["ar", "rtl"]
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def _questions_in_arabic(page) -> None:
    stems = page.locator(".question__stem").all_inner_texts()
    assert stems
    assert all(ARABIC.search(stem) for stem in stems), stems
    assert page.locator('.question__stem[lang="it"]').count() == 0


ARABIC = re.compile("[\u0600-\u06ff]")


def test_an_arabic_trainee_stays_in_arabic_on_a_phone(phone_page, home_page, trainee):
    page = phone_page
    trainee.profile.preferred_language = "ar"
    trainee.profile.save()
    course = make_course(make_catalog(home_page), modules=1, lessons=1, activity=True)
    enrollment_create(user=trainee, course=course)
    categories = demo.load()
    module = ModulePage.objects.child_of(course).get()
    quiz = demo.practice_quiz(module, next(iter(categories.values())))

    # Logging in from the Italian page: the preferred language wins.
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.fill("input[name=username]", trainee.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ar/dashboard/$"))
    _in_arabic(page)

    page.locator(".next-step a").click()
    page.wait_for_url(re.compile(r"/ar/courses/.+/$"))
    _in_arabic(page)
    assert page.locator("article h1").get_attribute("lang") == "it"
    expect(page.locator(".callout--language")).to_be_visible()

    page.locator(".lesson-progress form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/ar/.+/{quiz.slug}/$"))  # on to the next step
    _in_arabic(page)

    page.locator(".quiz form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/ar/quiz/attempt/\d+/$"))
    _in_arabic(page)
    _questions_in_arabic(page)  # the demo bank's module 1 is translated into Arabic
    for question in page.locator("fieldset.question").all():
        choices = question.locator("input[type=radio], input[type=checkbox]")
        if choices.count():
            choices.first.check()
    page.locator("button[name=summary]").click()
    page.wait_for_url(re.compile(r"/ar/quiz/attempt/\d+/summary/$"))  # check, then submit
    _in_arabic(page)
    page.locator(".quiz__confirm button[name=finish]").click()
    page.wait_for_url(re.compile(r"/ar/quiz/attempt/\d+/review/$"))
    _in_arabic(page)
    _questions_in_arabic(page)
    assert Attempt.objects.get(user=trainee).quiz_id == quiz.pk

    page.goto("/ar/certificates/")  # the trainee's certificates
    _in_arabic(page)
