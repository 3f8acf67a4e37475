"""Issue 17: a coordinator issues the attestato di frequenza on a phone, sees the
re-issue flag after a register correction and re-issues a new version; the trainee's
lesson page reports online time that is not workshop hours (axe on every page)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate, CertificateRule, CertificateTemplate
from courses.models import Enrollment, OnlineLearningTime
from courses.services import attendance_record, enrollment_create
from lms.roles import Role
from tests.courses.factories import lessons_of, make_catalog, make_cohort, make_course, make_session
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory

from .conftest import assert_accessible, visit, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert_accessible(page)


@pytest.fixture
def foggia(home_page, settings, tmp_path):
    settings.CREDENTIAL_KEY_PATH = str(tmp_path / "key.pem")
    course = make_course(make_catalog(home_page), title="Peer coach", slug="peer-coach")
    trainer = UserFactory(role=Role.TRAINER)
    cohort = make_cohort(course, name="Foggia 2026", territory="foggia", trainers=[trainer])
    template = CertificateTemplate.objects.create(
        name="Default", body_it="ha completato {course}.", body_en="has completed {course}."
    )
    rule = CertificateRule.objects.create(
        name="Peer coach certificate", course=course, template=template
    )
    session = make_session(cohort, course, days=-1, hours=3)
    trainee = UserFactory(
        role=Role.TRAINEE, email="amina@example.org", username="amina@example.org"
    )
    enrollment_create(
        user=trainee, course=course, cohort=cohort, source=Enrollment.Source.COORDINATOR
    )
    attendance_record(session=session, recorded_by=trainer, statuses={trainee.pk: "present"})
    CoordinatorFactory(email="coord@example.org", username="coord@example.org")
    return {
        "rule": rule,
        "course": course,
        "session": session,
        "trainee": trainee,
        "trainer": trainer,
    }


def test_coordinator_issues_the_attestato_on_a_phone_and_reissues_after_a_correction(
    phone_page, foggia
):
    page = phone_page
    log_in(page, "coord@example.org")
    visit(page, f"/en/certificates/rules/{foggia['rule'].pk}/")
    expect(page.get_by_role("columnheader", name="Workshop hours (register)")).to_be_visible()
    assert page.get_by_text(
        "Learners with workshop hours and no certificate of attendance: 1"
    ).is_visible()
    page.get_by_role(
        "button", name="Issue certificates of attendance (attestati di frequenza)"
    ).click()
    assert_accessible(page)
    expect(page.get_by_role("status").filter(has_text="1 certificate issued.")).to_be_visible()
    certificate = Certificate.objects.get()
    assert (certificate.kind, certificate.hours) == ("attendance", Decimal("3.0"))

    # The register is corrected after issue: the certificate is flagged for re-issue.
    attendance_record(
        session=foggia["session"],
        recorded_by=foggia["trainer"],
        statuses={foggia["trainee"].pk: "present"},
        hours={foggia["trainee"].pk: Decimal("2")},
        reason="Left an hour early",
    )
    visit(page, f"/en/certificates/rules/{foggia['rule'].pk}/")
    expect(page.get_by_text("1 certificate needs re-issue")).to_be_visible()
    page.get_by_role("link", name=certificate.code).click()
    assert_accessible(page)
    expect(page.get_by_text("the register now gives 2")).to_be_visible()
    page.get_by_label("Why?").fill("Register corrected: 2 hours")
    page.get_by_role("button", name="Re-issue a corrected version").click()
    assert_accessible(page)
    new = Certificate.objects.get(state="valid")
    assert (new.kind, new.version, new.hours) == ("attendance", 2, Decimal("2.0"))
    assert not page.get_by_text("Needs re-issue").count()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # The old code says it was superseded and leads to the current version.
    visit(page, f"/en/verify/{certificate.code}/")
    expect(page.get_by_role("heading", name="Replaced by a newer version")).to_be_visible()
    page.get_by_role("link", name=new.code).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()


def test_a_lesson_page_reports_online_time_apart_from_workshop_hours(page, foggia):
    log_in(page, "amina@example.org")
    lesson = lessons_of(foggia["course"])[0]
    visit(page, lesson.url)
    wait_until(page, "() => document.getElementById('online-time') !== null")
    for _ in range(50):
        if OnlineLearningTime.objects.exists():
            break
        page.wait_for_timeout(100)
    row = OnlineLearningTime.objects.get()
    assert row.user == foggia["trainee"] and row.seconds <= 60
    assert row.started_at > row.updated_at - timedelta(minutes=1)
