"""The cohort pack on a coordinator's phone (issue 17, deliverable 4): from the
certificates to issue to the pack's page, build it, see it ready with its SHA-256, and
download a ZIP whose bytes have that SHA-256; the page in Arabic too. Axe on every page."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from certificates.models import CertificateRule, CertificateTemplate
from certificates.services import certificate_issue
from courses.models import Enrollment
from courses.services import enrollment_create
from lms.roles import Role
from tests.courses.factories import make_catalog, make_cohort, make_course
from tests.factories import CoordinatorFactory, UserFactory

from .conftest import assert_accessible, visit
from .test_certificates_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def foggia(home_page, settings, tmp_path):
    settings.CREDENTIAL_KEY_PATH = str(tmp_path / "key.pem")
    course = make_course(make_catalog(home_page), title="Laboratori", slug="laboratori")
    cohort = make_cohort(course, name="Foggia 2026", territory="foggia")
    template = CertificateTemplate.objects.create(
        name="Default",
        body_it="ha completato {course} ({hours} ore).",
        body_en="has completed {course} ({hours} hours).",
    )
    rule = CertificateRule.objects.create(
        name="Laboratori", course=course, template=template, require_all_modules=False
    )
    coordinator = CoordinatorFactory(
        email="luca@example.org", username="luca@example.org", territories=["foggia"]
    )
    for _n in range(2):
        person = UserFactory(role=Role.TRAINEE)
        enrollment_create(
            user=person, course=course, cohort=cohort, source=Enrollment.Source.COORDINATOR
        )
        certificate_issue(rule=rule, user=person, issued_by=coordinator, check=False, notify=False)
    return cohort


def test_coordinator_builds_and_downloads_the_cohort_pack_on_a_phone(phone_page, foggia):
    page = phone_page
    log_in(page, "luca@example.org")
    visit(page, "/en/certificates/rules/")
    page.get_by_role("link", name="Certificate pack: Foggia 2026").click()
    assert_accessible(page)
    expect(page.get_by_text("This cohort has 2 valid certificates.")).to_be_visible()
    page.get_by_role("button", name="Build the pack").click()
    assert_accessible(page)
    expect(page.get_by_text("The pack is ready.")).to_be_visible()
    digest = page.locator("code.digest").inner_text()
    assert len(digest) == 64
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (ZIP)").click()
    body = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(body).hexdigest() == digest
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert names[-1] == "index.csv" and len(names) == 3

    # The same page in Arabic, right to left, still fits the phone.
    visit(page, f"/ar/certificates/cohorts/{foggia.pk}/pack/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_role("link", name="تنزيل الحزمة (ZIP)")).to_be_visible()
