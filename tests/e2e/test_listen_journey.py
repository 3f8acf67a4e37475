"""Issue 19 item 4: "Listen" on a 390 px phone, in Italian and Arabic. Each lesson text,
question and answer option gets a real, labelled button that reads it with the device's
own speech engine in the text's language; without speech synthesis there is none."""

import re

import pytest

from assessments import demo
from courses.models import ModulePage
from courses.services import enrollment_create
from tests.courses.factories import lessons_of, make_catalog, make_course
from tests.factories import PASSWORD

from .conftest import assert_accessible, visit

pytestmark = pytest.mark.django_db(transaction=True)

#: Speech synthesis that records what it was asked to say (no sound in a test browser).
FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); },
  cancel() {}, getVoices() { return []; },
}});
"""
NO_SPEECH = (
    "Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});"
)


def log_in(page, user):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def italian_url(page) -> str:
    """The page's address without a language prefix (Italian, the default)."""
    from django.utils import translation

    with translation.override("it"):
        return page.get_url()


def lesson_with_text(home_page, trainee):
    course = make_course(make_catalog(home_page), modules=1, lessons=1)
    enrollment_create(user=trainee, course=course)
    lesson = lessons_of(course)[0]
    lesson.body = [("paragraph", "<p>Ascoltare senza interrompere.</p>")]
    lesson.save_revision().publish()
    return lesson


@pytest.mark.parametrize("language,label", [("it", "Ascolta"), ("ar", "استمع")])
def test_listen_reads_a_lesson_text_in_its_language(
    phone_page, home_page, trainee, language, label
):
    page = phone_page
    lesson = lesson_with_text(home_page, trainee)
    page.context.add_init_script(FAKE_SPEECH)
    log_in(page, trainee)
    prefix = "" if language == "it" else f"/{language}"
    visit(page, f"{prefix}{italian_url(lesson)}")
    button = page.locator(".prose + .listen-button")
    assert button.count() == 1
    assert button.inner_text() == label and button.get_attribute("aria-pressed") == "false"
    assert button.get_attribute("lang") == language  # the button speaks the page's language
    # The lesson exists only in Italian: read in Italian, also on the Arabic page.
    assert button.get_attribute("data-listen-lang") == "it"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    spoken = page.evaluate("() => window.__spoken")
    assert spoken == [{"text": "Ascoltare senza interrompere.", "lang": "it"}]
    assert_accessible(page)


def test_no_listen_button_without_speech_synthesis(phone_page, home_page, trainee):
    page = phone_page
    lesson = lesson_with_text(home_page, trainee)
    page.context.add_init_script(NO_SPEECH)
    log_in(page, trainee)
    visit(page, f"/ar{italian_url(lesson)}")
    assert page.locator(".prose").count() == 1
    assert page.locator(".listen-button").count() == 0


def test_listen_on_questions_and_options_in_arabic(phone_page, home_page, trainee):
    page = phone_page
    course = make_course(make_catalog(home_page), modules=1, lessons=1, self_enrollment=True)
    enrollment_create(user=trainee, course=course)
    categories = demo.load()
    quiz = demo.final_quiz(ModulePage.objects.child_of(course).get(), list(categories.values()))
    page.context.add_init_script(FAKE_SPEECH)
    log_in(page, trainee)
    visit(page, f"/ar{italian_url(quiz)}")
    page.locator(".quiz form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    # listen.js adds the buttons once it runs (deferred): wait for them, not for a moment.
    page.wait_for_selector(".question__stem + .listen-button", state="attached")
    assert_accessible(page)
    # The first question with answer options (the draw may start with an essay).
    question = (
        page.locator("fieldset.question")
        .filter(has=page.locator(".option label[data-listen]"))
        .first
    )
    stem_button = question.locator(".question__stem + .listen-button")
    assert stem_button.count() == 1
    options = question.locator(".option label + .listen-button")
    assert options.count() == question.locator(".option label[data-listen]").count() >= 2
    # Read in the question's language: Arabic where the demo bank is translated, else
    # the source language the page marks on the question (lang="it").
    text_lang = question.locator(".question__stem").evaluate(
        "el => el.closest('[lang]').getAttribute('lang')"
    )
    assert text_lang in ("ar", "it")
    assert stem_button.get_attribute("data-listen-lang") == text_lang
    assert options.first.get_attribute("lang") == "ar"  # the button's own word
    options.first.click()
    assert page.evaluate("() => window.__spoken.length") == 1
    assert page.evaluate("() => window.__spoken[0].lang") == text_lang
