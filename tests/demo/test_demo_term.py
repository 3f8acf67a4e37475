"""The demo's term (issue 17, deliverable 6): workshops across Bari, Foggia and Lecce
with local-authority staff, registers closed with one correction, a funder report that
suppresses small groups, and a cohort pack ready to download."""

import csv
import hashlib
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from certificates.models import Certificate, CohortPack
from certificates.packs import pack_state
from courses.demo.term import DATA as TERM
from courses.models import AttendanceEntry, Cohort, WorkshopSession
from courses.selectors import ledger_hours
from lms.accounts import demo as people_demo

pytestmark = pytest.mark.django_db

TITLES = [session["title"] for session in TERM["sessions"]]


def _client(key) -> Client:
    client = Client()
    client.force_login(people_demo.person(key))
    return client


def test_every_cohort_has_the_term_with_its_registers_closed(demo):
    for cohort in Cohort.objects.all():
        sessions = WorkshopSession.objects.filter(cohort=cohort, title__in=TITLES)
        assert sessions.count() == len(TITLES), cohort
        for session in sessions:
            assert session.starts_at < timezone.now()
            assert session.register_closed_at is not None, session
            assert session.register_closed_at >= session.starts_at
            assert AttendanceEntry.objects.filter(session=session).exists(), session
    assert {c.territory for c in Cohort.objects.all()} == {"bari", "foggia", "lecce"}


def test_the_mixed_workshops_have_local_authority_staff_present(demo):
    for key in ("nicola", "mariagrazia", "elena"):
        staff = people_demo.person(key)
        assert staff.profile.participant_category == "local_authority_staff"
        present = AttendanceEntry.objects.current().filter(
            user=staff, status="present", session__title__in=TITLES
        )
        assert present.filter(session__title__startswith="Laboratorio misto").exists(), key


def test_one_correction_after_closing_keeps_the_original_line(demo):
    corrections = AttendanceEntry.objects.exclude(reason="")
    assert corrections.count() == 1
    correction = corrections.get()
    ion = people_demo.person("ion")
    assert correction.user == ion and correction.version == 2
    assert correction.session.title == TERM["correction"]["session"]
    assert correction.reason == TERM["correction"]["reason"]
    assert correction.created_at > correction.session.register_closed_at
    original = correction.supersedes
    assert (original.status, original.version, original.reason) == ("absent", 1, "")
    assert AttendanceEntry.objects.current().get(session=correction.session, user=ion) == (
        correction
    )
    assert correction.hours == Decimal("2.5")


def test_the_correction_counts_in_the_hours_and_the_certificate(demo):
    ion = people_demo.person("ion")
    certificate = Certificate.objects.get(user=ion, state="valid")
    course = certificate.rule.course
    assert certificate.hours == ledger_hours([ion.pk], course=course)[ion.pk].quantize(
        Decimal("0.1")
    )
    # Three whole sessions and the corrected one (18:00–20:30).
    assert ledger_hours([ion.pk], course=course)[ion.pk] == Decimal("11.0")


def test_the_funder_report_of_the_term_suppresses_small_groups(demo):
    today = timezone.localdate()
    start = today - timedelta(days=70)
    page = _client("marco").get(
        "/en/reports/", {"from": start.isoformat(), "to": today.isoformat()}
    )
    assert page.status_code == 200
    report = page.context["report"]
    tables = {table.key: table for table in report.tables}
    participants = [cell for row in tables["participants"].rows for cell in row]
    assert any(cell.hidden == "small" for cell in participants)  # counts from 1 to 4
    # The mixed workshops: local-authority staff present in every territory, one each,
    # so their count shows "< 5" and their hours are hidden with it.
    local = {row[0]: row for row in tables["local_authority"].display_rows()}
    for territory in ("Bari", "Foggia", "Lecce"):
        assert local[territory][2] == "4"  # mixed sessions
        assert local[territory][3:] == ["< 5", "hidden"]
    html = page.content.decode()
    assert "&lt; 5" in html
    # The same figures whoever asks them twice (the export's checksum).
    again = _client("marco").get(
        "/en/reports/", {"from": start.isoformat(), "to": today.isoformat()}
    )
    assert again.context["report"].checksum == report.checksum


def test_one_cohort_pack_is_ready_to_download(demo):
    cohort = Cohort.objects.get(name="Bari 2026")
    state = pack_state(cohort)
    assert state.ready and not state.stale and state.count >= 3
    pack = CohortPack.objects.get(cohort=cohort)
    response = _client("paola").get(f"/certificates/cohorts/{cohort.pk}/pack.zip")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == pack.sha256
    archive = zipfile.ZipFile(io.BytesIO(body))
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert {row["name"] for row in rows} >= {"Ion Popescu", "Nicola Lorusso", "Fatima Benali"}
    for row in rows:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"]
    # Foggia's coordinator does not reach Bari's pack.
    assert _client("luca").get(f"/certificates/cohorts/{cohort.pk}/pack.zip").status_code == 404


def test_loading_the_demo_again_changes_nothing_in_the_term(demo):
    from django.core.management import call_command

    before = (
        AttendanceEntry.objects.count(),
        WorkshopSession.objects.count(),
        CohortPack.objects.get(cohort__name="Bari 2026").sha256,
    )
    call_command("load_demo", stdout=io.StringIO())
    after = (
        AttendanceEntry.objects.count(),
        WorkshopSession.objects.count(),
        CohortPack.objects.get(cohort__name="Bari 2026").sha256,
    )
    assert after == before
