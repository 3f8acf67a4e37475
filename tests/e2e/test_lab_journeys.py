"""A participant on a phone: posts a problem, votes, co-writes a hypothesis (with a
colleague saving at the same time) and reads the local authority's response."""

import re

import pytest
from playwright.sync_api import expect

from courses.lab import services
from courses.lab.models import Hypothesis, Problem, StageKind
from lms.roles import Role
from tests.courses.factories import make_catalog, make_cohort, make_course
from tests.factories import PASSWORD, UserFactory
from tests.lab.factories import jpeg, make_group, make_participant, make_path, open_stage

from .conftest import assert_accessible, visit, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, user):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert_accessible(page)


def test_participant_goes_from_problem_to_response_on_a_phone(phone_page, home_page):
    page = phone_page
    facilitator = UserFactory(role=Role.TRAINER)
    course = make_course(make_catalog(home_page), title="Laboratori", modules=1, lessons=1)
    cohort = make_cohort(course, name="Bari 2026", trainers=[facilitator])
    path = make_path(cohort, title="Laboratorio Bari", facilitator=facilitator)
    amina = make_participant(path)
    kwame = make_participant(path)
    official = make_participant(path, official=True)
    group = make_group(path, amina, kwame, official, name="Gruppo Anagrafe")
    open_stage(path, StageKind.PROBLEMS, user=facilitator)

    log_in(page, amina)
    visit(page, "/en/lab/")
    page.get_by_role("link", name="Laboratorio Bari").click()
    assert_accessible(page)
    page.get_by_role("link", name="See the problems").click()
    assert_accessible(page)
    page.get_by_role("link", name="Post a problem").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Anagrafe senza appuntamenti")
    page.get_by_label("What is the problem?").fill("I posti online finiscono in pochi minuti.")
    page.get_by_label("Where does it happen?").fill("Anagrafe centrale")
    page.get_by_label("Who is affected?").fill("Nuovi residenti")
    photo = jpeg("coda.jpg", size=(600, 400))
    page.get_by_label("Photo or document").set_input_files(
        files=[{"name": photo.name, "mimeType": "image/jpeg", "buffer": photo.read()}]
    )
    page.get_by_role("button", name="Post the problem").click()
    assert_accessible(page)
    expect(page.get_by_text("Your problem is posted. Thank you!")).to_be_visible()
    # The photo comes through the access-checked address and shows on the phone.
    image = page.get_by_role("img", name="Photo for “Anagrafe senza appuntamenti”")
    image.scroll_into_view_if_needed()
    wait_until(
        page,
        "() => { const i = document.querySelector('img.lab-image');"
        " return i && i.complete && i.naturalWidth === 600; }",
    )
    assert "/attachment/" in image.get_attribute("src")

    page.get_by_role("button", name="Vote for Anagrafe senza appuntamenti").click()
    assert_accessible(page)
    expect(page.get_by_text("You voted for “Anagrafe senza appuntamenti”.")).to_be_visible()
    expect(page.get_by_text("You voted for this")).to_be_visible()

    # The facilitator closes the vote and selects the problem; Kwame starts a hypothesis.
    problem = Problem.objects.get()
    open_stage(path, StageKind.HYPOTHESES, user=facilitator)
    services.problem_select(problem=problem, user=facilitator)
    hypothesis = services.hypothesis_create(
        problem=problem, group=group, user=kwame, data={"title": "Sportello assistito"}
    )

    visit(page, f"/en/lab/{path.pk}/hypotheses/")
    page.get_by_role("link", name="Sportello assistito").click()
    assert_accessible(page)
    page.get_by_label("Risks").fill("Pochi volontari il sabato")
    # Kwame saves while Amina is typing.
    services.hypothesis_update(
        hypothesis=hypothesis,
        user=kwame,
        base_version=1,
        data={**hypothesis.texts(), "resources": "Due computer"},
    )
    page.get_by_role("button", name="Save", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Someone else saved first")).to_be_visible()
    assert page.get_by_label("Risks").input_value() == "Pochi volontari il sabato"
    assert page.get_by_label("Resources needed").input_value() == "Due computer"
    page.get_by_role("button", name="Save", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_text("Saved. Everyone in the group sees this version.")).to_be_visible()
    hypothesis = Hypothesis.objects.get()
    assert (hypothesis.risks, hypothesis.resources, hypothesis.version) == (
        "Pochi volontari il sabato",
        "Due computer",
        3,
    )

    # The group writes the proposal, sends it, and the official responds.
    open_stage(path, StageKind.PROPOSALS, user=facilitator)
    sections = dict.fromkeys(
        ["problem_statement", "evidence", "solution", "actors", "costs", "timeline"], "Testo"
    )
    proposal = services.proposal_create(
        path=path,
        group=group,
        user=kwame,
        hypothesis=hypothesis,
        data={
            "title": "Prenotazione assistita",
            "success_measures": "Attese dimezzate",
            **sections,
        },
    )
    services.proposal_submit(proposal=proposal, user=kwame)
    services.proposal_respond(
        proposal=proposal,
        official=official,
        verdict="welcomed",
        reasons="Il Comune la porta in giunta a gennaio.",
    )

    visit(page, f"/en/lab/{path.pk}/proposals/")
    page.get_by_role("link", name="Prenotazione assistita").click()
    assert_accessible(page)
    responses = page.locator(".lab-response")
    assert re.search(r"Welcomed", responses.inner_text())
    assert "Il Comune la porta in giunta a gennaio." in responses.inner_text()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
