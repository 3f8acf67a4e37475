"""Competency journeys: an observation on a phone moves the trainee's map; a
coordinator reads and exports the needs report for Foggia."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.competencies import services
from courses.services import enrollment_create
from lms.accounts.models import Territory
from tests.assessments.competencies.factories import make_self_assessment, make_tree
from tests.courses.factories import make_catalog, make_cohort, make_course
from tests.factories import PASSWORD, TraineeFactory, TrainerFactory

from .conftest import assert_accessible, open_menu, screenshot, visit

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, user):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def log_out(page):
    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    # The page first sends what waits offline and clears the saved pages, then logs out.
    page.get_by_text("You have logged out.").wait_for()
    assert_accessible(page)


def test_trainer_observes_on_a_phone_and_the_map_follows(phone_page, home_page, trainer, trainee):
    """Two observations at Proficient make Active listening proficient; the trainee's
    map shows the level, the reason and what is missing next."""
    framework, _area, listening, _questions, _feedback = make_tree()
    cohort = make_cohort(
        make_course(make_catalog(home_page), modules=1, lessons=1),
        name="Foggia 2026",
        territory="foggia",
        trainers=[trainer],
    )
    enrollment_create(user=trainee, course=cohort.courses.first(), cohort=cohort)
    # An earlier observation by another trainer of the cohort: the rule counts each
    # rater once.
    co_trainer = TrainerFactory()
    cohort.trainers.add(co_trainer)
    services.observation_record(
        trainer=co_trainer,
        learner=trainee,
        competency=listening,
        level=3,
        observed_on=datetime.date.today() - datetime.timedelta(days=7),
    )
    page = phone_page
    log_in(page, trainer)
    visit(page, f"/en/competencies/observe/?learner={trainee.pk}")
    page.get_by_label("Competency").select_option(label="Active listening")
    page.get_by_label("3 · Proficient").check()
    page.get_by_label("Context").fill("Coaching session with a peer")
    page.get_by_label("Note").fill("Paraphrased well and left room for silence.")
    page.get_by_role("button", name="Save observation").click()
    page.wait_for_url(re.compile(rf"/en/competencies/learners/{trainee.pk}/"))
    assert_accessible(page)
    expect(page.get_by_text("Observation saved for")).to_be_visible()
    row = page.locator(".competency-card", has=page.get_by_role("heading", name="Active listening"))
    assert "Proficient" in row.inner_text()
    assert "Observations at Proficient or above by different raters: 2." in row.inner_text()
    # The heat map on the phone: one card per learner, the ratings side by side in rows.
    visit(page, "/en/competencies/heatmap/")
    screenshot(page, "heatmap")
    card = page.locator(".heat-card", has_text=trainee.profile.display_name or trainee.email)
    expect(card).to_be_visible()
    assert "Active listening" in card.inner_text()
    assert not page.locator(".heat-table").is_visible()
    log_out(page)

    log_in(page, trainee)
    visit(page, "/en/competencies/")
    chart = page.locator("svg[role=img]")
    assert "Competency map of" in chart.locator("title").text_content()
    row = page.locator(".competency-card", has=page.get_by_role("heading", name="Active listening"))
    text = row.inner_text()
    assert "Proficient" in text
    assert "Observations at Proficient or above by different raters: 2." in text
    assert "2 more observations at Expert or above, by different raters." in text
    row.get_by_text("Show (2)").click()
    expect(row.get_by_text("Coaching session with a peer")).to_be_visible()
    screenshot(page, "competency-map")
    # On the phone the map is cards; the wide table is for wider screens.
    assert not page.locator(".competency-table-wrap").is_visible()


def test_coordinator_reads_and_exports_the_needs_report_for_foggia(page, home_page, coordinator):
    framework, _area, listening, _questions, feedback = make_tree()
    assessment = make_self_assessment(framework, [listening, feedback])
    items = list(assessment.items.order_by("sort_order"))
    for answers in ({items[0].pk: 1, items[1].pk: 4}, {items[0].pk: 3, items[1].pk: 4}):
        person = TraineeFactory(profile__territory=Territory.FOGGIA)
        services.self_assessment_submit(user=person, assessment=assessment, answers=answers)
        services.self_assessment_submit(
            user=person,
            assessment=assessment,
            answers={pk: min(5, value + 1) for pk, value in answers.items()},
        )
    log_in(page, coordinator)
    visit(page, "/en/competencies/needs/")
    page.get_by_label("Territory").select_option("foggia")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile("territory=foggia"))
    assert_accessible(page)
    first_row = page.locator("tbody tr").first
    assert "Active listening" in first_row.inner_text()
    assert "2.00" in first_row.inner_text() and "+1.00" in first_row.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[1].startswith("Peer coaching,A1,Active listening,2,2.00,3.00,1.00")
