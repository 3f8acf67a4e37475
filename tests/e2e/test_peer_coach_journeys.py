"""Peer coaching on a phone: a coordinator authorises a peer coach (a trainee who
completed the path) from the raters page; the coach finds "Observe as a peer coach" on
their own map, records a peer observation (a learner not authorised is not offered);
the learner's map labels it and names the coach; the coordinator sees the pair, the
peer coach marked, and a disagreement to moderate. The coach's page in Arabic too."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.competencies import services
from assessments.models import Evidence, EvidenceKind
from courses.models import Enrollment
from lms.accounts.names import display_name
from tests.assessments.competencies.factories import make_tree, trains
from tests.courses.factories import make_catalog, make_course
from tests.factories import TraineeFactory, TrainerFactory

from .conftest import assert_accessible, visit
from .test_competency_journeys import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_peer_coach_is_authorised_and_observes_on_a_phone(
    phone_page, home_page, coordinator, trainee
):
    framework, _area, listening, *_rest = make_tree()
    course = make_course(make_catalog(home_page), modules=1, lessons=1)
    coach = TraineeFactory()
    Enrollment.objects.create(user=coach, course=course, completed_at=timezone.now())
    trainer = TrainerFactory()
    trains(trainer, trainee)
    services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=listening,
        level=4,
        observed_on=datetime.date.today(),
    )
    outsider = TraineeFactory()
    page = phone_page

    log_in(page, coordinator)
    visit(page, f"/en/competencies/raters/?framework={framework.idnumber}")
    expect(page.get_by_text("No peer coach is authorised yet.")).to_be_visible()
    page.get_by_label("Peer coach").select_option(str(coach.pk))
    page.get_by_label("Learner to observe").select_option(str(trainee.pk))
    page.get_by_role("button", name="Authorise the peer coach").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("may now observe").first).to_be_visible()
    log_out(page)

    log_in(page, coach)
    visit(page, f"/en/competencies/?framework={framework.idnumber}")
    page.get_by_role("link", name="Observe as a peer coach").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    learners = page.get_by_label("Trainee").locator("option").all_inner_texts()
    assert display_name(trainee) in learners and display_name(outsider) not in learners
    page.get_by_label("Trainee").select_option(str(trainee.pk))
    page.get_by_label("Competency").select_option(str(listening.pk))
    page.get_by_text("1 · Beginner").click()
    page.get_by_label("Context").fill("Coaching session with a peer")
    page.get_by_role("button", name="Save peer observation").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("Peer observation saved")).to_be_visible()
    expect(page.get_by_role("heading", name="Your peer observations")).to_be_visible()
    evidence = Evidence.objects.get(kind=EvidenceKind.PEER_OBSERVATION)
    assert (evidence.user, evidence.recorded_by, evidence.level) == (trainee, coach, 1)
    visit(page, f"/ar/competencies/peer-observe/?framework={framework.idnumber}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    visit(page, f"/en/competencies/peer-observe/?framework={framework.idnumber}")
    log_out(page)

    log_in(page, trainee)
    visit(page, f"/en/competencies/?framework={framework.idnumber}")
    card = page.locator(
        ".competency-card", has=page.get_by_role("heading", name="Active listening")
    )
    card.get_by_text("Evidence: Show").click()
    text = card.inner_text()
    assert "Peer observation" in text and f"by {display_name(coach)}" in text
    assert "A lower rating does not cancel a higher one" in text
    log_out(page)

    log_in(page, coordinator)
    visit(page, f"/en/competencies/raters/?framework={framework.idnumber}")
    assert "(peer coach)" in page.locator("table").inner_text()
    disagreement = page.locator(".evidence-list li").first
    assert "Peer observation" in disagreement.inner_text()
    page.get_by_label("Moderation note").first.fill("The trainer's four stands.")
    page.get_by_role("button", name="Save the moderation note").first.click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("No open disagreements.")).to_be_visible()


def test_a_coordinator_withdraws_a_peer_coach_on_a_phone(
    phone_page, home_page, coordinator, trainee
):
    """The raters page on a 390 px phone with the withdraw button (axe, and with it the
    no-sideways-scroll check); after the withdrawal the coach's page says so and keeps
    their observation; the learner's map says two ratings differ and will be reviewed."""
    framework, _area, listening, *_rest = make_tree()
    course = make_course(make_catalog(home_page), modules=1, lessons=1)
    coach = TraineeFactory()
    Enrollment.objects.create(user=coach, course=course, completed_at=timezone.now())
    trainer = TrainerFactory()
    trains(trainer, trainee)
    today = datetime.date.today()
    services.observation_record(
        trainer=trainer, learner=trainee, competency=listening, level=4, observed_on=today
    )
    services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=trainee)
    services.peer_observation_record(
        coach=coach, learner=trainee, competency=listening, level=1, observed_on=today
    )
    page = phone_page

    log_in(page, trainee)
    visit(page, f"/en/competencies/?framework={framework.idnumber}")
    card = page.locator(
        ".competency-card", has=page.get_by_role("heading", name="Active listening")
    )
    expect(
        card.get_by_text("Two ratings differ: your coordinator will review them.")
    ).to_be_visible()
    page.context.clear_cookies()  # the next person signs in

    log_in(page, coordinator)
    visit(page, f"/en/competencies/raters/?framework={framework.idnumber}")
    button = page.get_by_role("button", name="Withdraw")
    expect(button.count() == 1 and button).to_be_visible()
    button.click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("can no longer observe")).to_be_visible()
    expect(page.get_by_text("withdrawn by")).to_be_visible()
    assert page.get_by_role("button", name="Withdraw").count() == 0
    page.context.clear_cookies()  # the next person signs in

    log_in(page, coach)
    visit(page, f"/en/competencies/peer-observe/?framework={framework.idnumber}")
    expect(page.get_by_text("A coordinator withdrew your permission to observe:")).to_be_visible()
    expect(page.get_by_role("heading", name="Your peer observations")).to_be_visible()
    assert Evidence.objects.filter(kind=EvidenceKind.PEER_OBSERVATION).count() == 1
