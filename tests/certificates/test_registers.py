"""The session register for the funder: PDF (WeasyPrint) and CSV, with the SHA-256 of
its canonical content; only for the session's trainers and coordinators."""

import io
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from certificates.registers import register_html, register_pdf
from courses.models import AttendanceEntry
from courses.selectors import register_content, register_csv, register_sha256
from courses.services import (
    attendance_record,
    attendance_self_confirm,
    enrollment_create,
    register_close,
    session_confirmation_code,
)
from lms.roles import Role
from tests.courses.factories import make_cohort, make_session
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def person(course, cohort, first, last):
    user = UserFactory(role=Role.TRAINEE, first_name=first, last_name=last)
    enrollment_create(user=user, course=course, cohort=cohort)
    return user


@pytest.fixture
def setup(course, settings):
    settings.PROGRAMME_NAME = "IMPACT programme"
    settings.PROJECT_CODE = "PROG-1234"
    trainer = UserFactory(role=Role.TRAINER, first_name="Teresa", last_name="Trainer")
    cohort = make_cohort(course, trainers=[trainer])
    session = make_session(cohort, course, days=0, hours=3, title="Ascolto attivo")
    session.starts_at = timezone.now() - timedelta(minutes=30)
    session.save(update_fields=["starts_at"])
    amina = person(course, cohort, "Amina", "Diallo")
    bilal = person(course, cohort, "Bilal", "Haddad")
    carla = person(course, cohort, "Carla", "Rossi")
    attendance_self_confirm(session=session, user=amina, code=session_confirmation_code(session))
    attendance_record(
        session=session,
        recorded_by=trainer,
        statuses={bilal.pk: "present", carla.pk: "absent"},
        times={bilal.pk: (time(10, 0), time(11, 30))},
    )
    return {"session": session, "trainer": trainer, "cohort": cohort,
            "people": (amina, bilal, carla)}  # fmt: skip


def test_the_register_pdf_prints_what_an_auditor_checks(setup):
    session = setup["session"]
    pdf, digest = register_pdf(session, language="en")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for expected in (
        "IMPACT programme",
        "Project code: PROG-1234",
        "Attendance register",
        "Ascolto attivo",
        "Teresa Trainer",
        "Amina Diallo",
        "Bilal Haddad",
        "Carla Rossi",
        "self-confirmed at",
        "recorded by trainer",
        "1.50",  # Bilal: 10:00 to 11:30
        "3.00",  # Amina: the whole session
        "Trainer's signature",
        digest[:16],
    ):
        assert expected in text, expected
    assert len(digest) == 64
    # The HTML the PDF is made from shows the funder emblem.
    assert "funder-demo.svg" in register_html(register_content(session), language="en")


def test_the_digest_is_stable_and_changes_with_the_ledger(setup):
    session, trainer = setup["session"], setup["trainer"]
    first = register_sha256(register_content(session))
    assert register_sha256(register_content(session)) == first
    pdf_one, _ = register_pdf(session)
    pdf_two, _ = register_pdf(session)
    assert pdf_one == pdf_two  # reproducible bytes, for the cohort pack
    register_close(session=session, closed_by=trainer)
    session.refresh_from_db()
    closed = register_sha256(register_content(session))
    assert closed != first
    carla = setup["people"][2]
    attendance_record(
        session=session, recorded_by=trainer, statuses={carla.pk: "excused"},
        reason="Certificato medico",
    )  # fmt: skip
    content = register_content(session)
    assert register_sha256(content) != closed
    row = next(p for p in content["participants"] if p["name"] == "Carla Rossi")
    assert row["corrections"][0]["reason"] == "Certificato medico"


def test_the_csv_has_one_row_per_participant_with_the_digest(setup):
    content = register_content(setup["session"])
    lines = register_csv(content).splitlines()
    assert lines[0].startswith("session_id,date,starts,ends,title,name")
    assert len(lines) == 4
    bilal = next(line for line in lines if "Bilal" in line)
    assert ",present,1.50,10:00,11:30,trainer," in bilal
    assert bilal.endswith(register_sha256(content))


def test_downloads_only_for_the_sessions_trainers_and_coordinators(client, setup):
    session = setup["session"]
    urls = [f"/en/learn/sessions/{session.pk}/register.pdf",
            f"/en/learn/sessions/{session.pk}/register.csv"]  # fmt: skip
    client.force_login(setup["trainer"])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Register-SHA256"] == register_sha256(register_content(session))
    client.force_login(CoordinatorFactory())
    assert all(client.get(url).status_code == 200 for url in urls)
    client.force_login(UserFactory(role=Role.TRAINER))  # another cohort's trainer
    assert all(client.get(url).status_code == 404 for url in urls)
    client.force_login(setup["people"][0])  # a participant
    assert all(client.get(url).status_code in (403, 404) for url in urls)
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)


def test_hours_in_the_register_equal_the_ledger(setup):
    from courses.selectors import ledger_hours

    content = register_content(setup["session"])
    people = setup["people"]
    ledger = ledger_hours([p.pk for p in people])
    by_name = {p["name"]: Decimal(p["hours"]) for p in content["participants"]}
    assert by_name == {
        "Amina Diallo": ledger[people[0].pk],
        "Bilal Haddad": ledger[people[1].pk],
        "Carla Rossi": Decimal("0"),
    }
    assert AttendanceEntry.objects.count() == 3
