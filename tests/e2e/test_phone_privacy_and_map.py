"""Issue 15: "My privacy" and the competency map on a 390 px phone in Italian and Arabic:
axe-clean, no sideways scroll, chart labels inside the chart, one card per competency."""

import datetime

import pytest
from playwright.sync_api import expect

from assessments.competencies import services
from courses.services import enrollment_create
from tests.assessments.competencies.factories import make_tree
from tests.courses.factories import make_catalog, make_cohort, make_course
from tests.factories import PASSWORD, TrainerFactory

from .conftest import assert_accessible, screenshot, visit

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["it", "ar"]


def prefix(language: str) -> str:
    """Italian, the default language, has no URL prefix (/accounts/…, not /it/…)."""
    return "" if language == "it" else f"/{language}"


def log_in(page, user):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def assert_nothing_overflows(page) -> None:
    """No element sticks out of the 390 px viewport sideways (its text cut or scrolled),
    apart from content inside a deliberate scroll region."""
    sticking_out = page.evaluate(
        """() => [...document.body.querySelectorAll('*')].filter(el => {
            if (el.closest('.table-scroll, .visually-hidden, [hidden]')) return false;
            const r = el.getBoundingClientRect();
            if (!r.width || getComputedStyle(el).visibility === 'hidden') return false;
            return r.left < -1 || r.right > window.innerWidth + 1;
        }).slice(0, 5).map(el => el.tagName + '.' + el.className)"""
    )
    assert sticking_out == [], f"{page.url}: wider than the phone: {sticking_out}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_privacy_on_a_phone(phone_page, home_page, trainee, language):
    page = phone_page
    log_in(page, trainee)
    response = visit(page, f"{prefix(language)}/accounts/privacy/consents/")
    assert response.status == 200
    assert page.locator(".consents form").count() >= 1
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert_nothing_overflows(page)
    screenshot(page, f"privacy-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_competency_map_on_a_phone(phone_page, home_page, trainer, trainee, language):
    framework, _area, listening, _questions, _feedback = make_tree()
    cohort = make_cohort(
        make_course(make_catalog(home_page), modules=1, lessons=1),
        name="Foggia 2026",
        territory="foggia",
        trainers=[trainer],
    )
    enrollment_create(user=trainee, course=cohort.courses.first(), cohort=cohort)
    co_trainer = TrainerFactory()
    cohort.trainers.add(co_trainer)
    for rater in (trainer, co_trainer):
        services.observation_record(
            trainer=rater,
            learner=trainee,
            competency=listening,
            level=3,
            observed_on=datetime.date.today() - datetime.timedelta(days=7),
        )
    page = phone_page
    log_in(page, trainee)
    response = visit(page, f"{prefix(language)}/competencies/")
    assert response.status == 200
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert_nothing_overflows(page)
    assert page.locator(".competency-chart svg").count() == 1, (page.url, page.title())
    # Every label of the chart is drawn inside the chart (none clipped by its edges).
    clipped = page.evaluate(
        """() => {
            const svg = document.querySelector('.competency-chart svg');
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => {
                const r = t.getBoundingClientRect();
                return r.left < box.left - 1 || r.right > box.right + 1;
            }).map(t => t.textContent);
        }"""
    )
    assert clipped == [], f"chart labels clipped in {language}: {clipped}"
    # One card per competency on the phone; the wide table is for wider screens.
    cards = page.locator(".competency-card")
    assert cards.count() >= 2
    expect(cards.first).to_be_visible()
    assert not page.locator(".competency-table-wrap").is_visible()
    screenshot(page, f"competency-map-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_verify_pdf_upload_is_a_large_labelled_button(phone_page, live_server, language):
    """Issue 15, item 23: on a phone the /verify/ PDF upload is a labelled control with a
    large button (a touch target of 44 px at least), not a bare native control."""
    page = phone_page
    response = visit(page, f"{prefix(language)}/verify/")
    assert response.status == 200
    upload = page.locator("input[type=file]")
    label = page.locator(f"label[for='{upload.get_attribute('id')}']")
    assert label.is_visible() and label.inner_text().strip()
    box = upload.bounding_box()
    assert box["height"] >= 44 and box["width"] <= 390
    button = upload.evaluate(
        "el => { const s = getComputedStyle(el, '::file-selector-button'); "
        "return [parseFloat(s.minHeight), s.fontWeight]; }"
    )
    assert button[0] >= 44 and int(button[1]) >= 700
