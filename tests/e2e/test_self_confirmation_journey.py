"""A participant confirms their presence on a 390 px phone with the code the trainer
shows, in French and in Arabic; axe on each page; the trainer's screen shows the QR."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import AttendanceConfirmation
from courses.services import enrollment_create, session_confirmation_code
from lms.roles import Role
from tests.courses.factories import make_catalog, make_cohort, make_course, make_session
from tests.factories import PASSWORD, UserFactory

from .conftest import assert_accessible, assert_fits_the_phone, visit

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email):
    visit(page, "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert_accessible(page)


def test_a_participant_confirms_presence_on_a_phone(phone_page, home_page):
    page = phone_page
    course = make_course(make_catalog(home_page), title="Laboratori", modules=1, lessons=1)
    trainer = UserFactory(
        role=Role.TRAINER, email="coach@example.org", username="coach@example.org"
    )
    cohort = make_cohort(course, name="Foggia 2026", territory="foggia", trainers=[trainer])
    amina = UserFactory(role=Role.TRAINEE, email="amina@example.org", username="amina@example.org",
                        first_name="Amina", last_name="Diallo")  # fmt: skip
    enrollment_create(user=amina, course=course, cohort=cohort)
    session = make_session(cohort, course, days=0, hours=2, title="Civic tech workshop")
    session.starts_at = timezone.now() - timedelta(minutes=20)
    session.save(update_fields=["starts_at"])
    code = session_confirmation_code(session)

    log_in(page, "coach@example.org")
    visit(page, f"/en/learn/sessions/{session.pk}/attendance/")
    expect(page.locator(".confirm-code svg")).to_be_visible()
    expect(page.get_by_text(code, exact=True)).to_be_visible()
    assert_accessible(page)
    assert_fits_the_phone(page)
    page.context.clear_cookies()

    log_in(page, "amina@example.org")
    visit(page, f"/fr/learn/sessions/{session.pk}/confirm/")
    assert_accessible(page)
    assert_fits_the_phone(page)
    page.get_by_label("Code montré par le formateur").fill("12")
    page.get_by_role("button", name="Je suis là").click()
    expect(page.get_by_text("Code : ce n'est pas le code de cette séance.")).to_be_visible()
    assert_accessible(page)
    assert not AttendanceConfirmation.objects.exists()

    visit(page, f"/ar/learn/sessions/{session.pk}/confirm/?code={code}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    assert_fits_the_phone(page)
    page.get_by_role("button", name="أنا حاضر").click()
    # The confirmation (the page also has the offline indicator, an empty live region).
    expect(page.get_by_role("status").filter(has_text="شكرًا")).to_be_visible()
    assert_accessible(page)
    assert AttendanceConfirmation.objects.filter(user=amina, session=session).exists()
