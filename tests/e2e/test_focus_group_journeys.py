"""Focus-group journey: a coordinator records a focus group on a phone (a quote without
consent is refused first), reads the needs for Foggia with both sources and the people
behind them, and links a module to a need; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from assessments.competencies import services
from lms.accounts.models import Territory
from tests.assessments.competencies.factories import (
    make_competency,
    make_self_assessment,
    make_tree,
)
from tests.courses.factories import make_catalog, make_course
from tests.factories import TraineeFactory

from .conftest import assert_accessible, visit
from .test_competency_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_records_a_focus_group_and_plans_training(phone_page, home_page, coordinator):
    framework, area, listening, _questions, feedback = make_tree()
    other = make_competency(framework, "B", "Istituzioni", name_en="Institutions", sort_order=2)
    policy = make_competency(framework, "B1", "Politiche", other, name_en="Policies")
    assessment = make_self_assessment(framework, [listening, feedback, policy])
    person = TraineeFactory(profile__territory=Territory.FOGGIA)
    services.self_assessment_submit(
        user=person, assessment=assessment, answers={i.pk: 2 for i in assessment.items.all()}
    )
    module = make_course(make_catalog(home_page), title="Percorso", modules=1, lessons=1)
    module = module.get_children().first()

    page = phone_page
    log_in(page, coordinator)
    visit(page, f"/en/competencies/focus-groups/new/?framework={framework.idnumber}")
    assert_accessible(page)
    page.get_by_label("Territory").select_option("foggia")
    page.get_by_label("How many people took part").fill("8")
    for capability in ("Peer coaching", "Institutions"):
        group = page.get_by_role("group", name=f"{capability}: the group's priority")
        group.get_by_label("High priority").check()
        group = page.get_by_role("group", name=re.compile(f"^{capability}: how well"))
        group.get_by_label("A little").check()
    page.get_by_label("Quote 1 (optional)").fill("Non sappiamo da dove cominciare.")
    page.get_by_role("button", name="Save the focus group").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("tick the consent box").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The people quoted agreed to be quoted (quote 1)").check()
    page.get_by_role("button", name="Save the focus group").click()
    page.wait_for_url(re.compile(r"/focus-groups/\d+/"))
    expect(page.get_by_text("Non sappiamo da dove cominciare.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Needs by territory").click()
    page.wait_for_url(re.compile("territory=foggia"))
    assert_accessible(page)
    table = page.locator("table.needs-table").inner_text()
    assert "8 participants" in table and "1 trainee" in table
    page.get_by_label("Capability", exact=True).select_option(label="Peer coaching")
    page.get_by_label("Module that addresses it").select_option(label=module.title)
    page.get_by_role("button", name="Link the module").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("The module is in the training plan for this need.")).to_be_visible()
    assert module.title in page.locator("table.needs-table").inner_text()
    assert_accessible(page)
