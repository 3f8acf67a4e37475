"""Sign-off journeys: on a phone, a trainer signs a trainee off for a competency whose
rule is "Trainer sign-off", the trainee's map shows it, and a revocation withdraws it
with both records kept; a course sign-off meets the certificate rule."""

import datetime

import pytest
from playwright.sync_api import expect

from assessments.models import RuleType
from certificates import criteria
from certificates.models import CertificateRule, CertificateTemplate
from courses.services import enrollment_create
from tests.assessments.competencies.factories import make_competency, make_tree
from tests.courses.factories import make_catalog, make_cohort, make_course

from .conftest import assert_accessible, visit
from .test_competency_journeys import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_trainer_signs_off_and_revokes_on_a_phone(phone_page, home_page, trainer, trainee):
    framework, area, *_rest = make_tree()
    make_competency(
        framework,
        "A4",
        "Facilitazione",
        area,
        name_en="Facilitation",
        rule_type=RuleType.SIGNOFF,
        sort_order=4,
    )
    course = make_course(make_catalog(home_page), modules=1, lessons=1)
    cohort = make_cohort(course, name="Foggia 2026", territory="foggia", trainers=[trainer])
    enrollment_create(user=trainee, course=course, cohort=cohort)
    page = phone_page
    log_in(page, trainer)
    visit(page, f"/en/competencies/learners/{trainee.pk}/")
    page.get_by_role("link", name="Sign off a competency").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    _no_horizontal_scroll(page)
    # A missing note is refused, and the choices stay.
    page.get_by_label("Competency").select_option(label="Facilitation")
    page.get_by_role("button", name="Sign off", exact=True).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("Say in a note what the sign-off rests on.").first).to_be_visible()
    page.get_by_label("Note").fill("Facilitated the neighbourhood assembly on her own.")
    page.get_by_role("button", name="Sign off", exact=True).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    _no_horizontal_scroll(page)
    expect(page.get_by_text("is signed off for Facilitation")).to_be_visible()
    log_out(page)

    log_in(page, trainee)
    visit(page, "/en/competencies/")
    row = page.locator(".competency-card", has=page.get_by_role("heading", name="Facilitation"))
    assert "Signed off at Proficient by a trainer on" in row.inner_text()
    log_out(page)

    log_in(page, trainer)
    visit(page, f"/en/competencies/signoff/?learner={trainee.pk}")
    page.get_by_label("Why is the sign-off revoked?").fill("Signed off the wrong person.")
    page.get_by_role("button", name="Revoke the sign-off for Facilitation").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("Signed off the wrong person.")).to_be_visible()
    expect(page.get_by_text("Facilitated the neighbourhood assembly")).to_be_visible()
    log_out(page)

    log_in(page, trainee)
    visit(page, "/en/competencies/")
    row = page.locator(".competency-card", has=page.get_by_role("heading", name="Facilitation"))
    assert "The sign-off was revoked on" in row.inner_text()
    assert "Not yet rated" in row.inner_text()


def test_trainer_signs_off_a_course_and_the_certificate_rule_is_met(
    phone_page, home_page, trainer, trainee
):
    course = make_course(make_catalog(home_page), title="Peer coach", modules=1, lessons=1)
    cohort = make_cohort(course, trainers=[trainer])
    enrollment_create(user=trainee, course=course, cohort=cohort)
    template = CertificateTemplate.objects.create(
        name="Default", language="both", title_it="Attestato", title_en="Certificate"
    )
    rule = CertificateRule.objects.create(
        name="Peer coach",
        course=course,
        template=template,
        require_all_modules=False,
        require_signoff=True,
    )
    page = phone_page
    log_in(page, trainer)
    visit(page, "/en/certificates/signoff/")
    _no_horizontal_scroll(page)
    page.get_by_label("Trainee").select_option(str(trainee.pk))
    page.get_by_label("Course").select_option(label="Peer coach")
    page.get_by_label("Note").fill("Ran the closing workshop.")
    page.get_by_role("button", name="Sign off", exact=True).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_text("is signed off for Peer coach")).to_be_visible()
    checks = criteria.evaluate(rule, [trainee])[trainee.pk]
    assert next(c for c in checks if c.key == "signoff").met


def test_coordinator_moderates_a_disagreement_on_a_phone(phone_page, coordinator, trainee):
    """Two raters four and one: the coordinator sees it, a note without text is
    refused, a note settles it; the agreement table is there."""
    from assessments.competencies import services
    from tests.assessments.competencies.factories import trains
    from tests.factories import TrainerFactory

    framework, _area, listening, *_rest = make_tree()
    for level in (4, 1):
        rater = TrainerFactory()
        trains(rater, trainee)  # a rater observes only learners of their cohorts
        services.observation_record(
            trainer=rater,
            learner=trainee,
            competency=listening,
            level=level,
            observed_on=datetime.date.today(),
        )
    page = phone_page
    log_in(page, coordinator)
    visit(page, f"/en/competencies/raters/?framework={framework.idnumber}")
    _no_horizontal_scroll(page)
    expect(page.get_by_role("heading", name="Disagreements to moderate")).to_be_visible()
    assert "fewer than 10 pairs" in page.locator("table").inner_text()
    page.get_by_label("Moderation note").fill("Four stands: the low rating was a first try.")
    page.get_by_role("button", name="Save the moderation note").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    _no_horizontal_scroll(page)
    expect(page.get_by_text("No open disagreements.")).to_be_visible()
