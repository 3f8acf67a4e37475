"""The funder report on a coordinator's phone: period, suppressed tables, chart,
drill-down and a person's reporting details — every page checked with axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lms.accounts.models import Profile
from tests.courses.factories import make_catalog, make_cohort, make_course, make_session
from tests.factories import CoordinatorFactory
from tests.reports.conftest import person, present

from .conftest import assert_accessible, visit
from .test_certificates_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_reads_the_funder_report_on_a_phone(phone_page, home_page):
    page = phone_page
    course = make_course(make_catalog(home_page), title="Laboratori", modules=1, lessons=1)
    cohort = make_cohort(course, name="Bari 2026")
    people = [person(course, cohort, gender="woman") for _ in range(8)]
    official = person(course, cohort, category="local_authority_staff", gender="man")
    present(make_session(cohort, course, days=-2, title="Civic tech"), [*people, official])
    CoordinatorFactory(email="coord@example.org", username="coord@example.org")

    log_in(page, "coord@example.org")
    visit(page, "/en/reports/")
    # A period that ends before it starts: refused, what was typed stays.
    page.get_by_label("From", exact=True).fill("2026-05-10")
    page.get_by_label("To", exact=True).fill("2026-05-01")
    page.get_by_role("button", name="Show the report").click()
    assert_accessible(page)
    expect(page.get_by_text("The end of the period is before its start.")).to_be_visible()
    assert page.get_by_label("From", exact=True).input_value() == "2026-05-10"

    today = timezone.localdate()
    page.get_by_label("From", exact=True).fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Show the report").click()
    assert_accessible(page)
    participants = page.get_by_role("region", name="Participants")
    expect(participants.get_by_text("< 5").first).to_be_visible()
    assert page.get_by_role("img", name="Average first and last").count() == 0  # no answers
    expect(page.get_by_role("link", name="Download XLSX")).to_be_visible()

    # Drill-down: the people behind a row, then one person's reporting details.
    participants.get_by_role("link", name="Local-authority staff").click()
    assert_accessible(page)
    page.get_by_role("link", name=official.profile.display_name).click()
    assert_accessible(page)
    page.get_by_label("Territory").select_option("foggia")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)
    expect(page.get_by_text("Saved the reporting details")).to_be_visible()
    assert Profile.objects.get(user=official).territory == "foggia"
