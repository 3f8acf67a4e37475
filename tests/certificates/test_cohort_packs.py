"""The cohort pack (issue 17, deliverable 4): one ZIP per cohort with every valid
certificate PDF and a CSV index, reproducible byte for byte, stored privately, served
only to the coordinators of the cohort's territory, built again when certificates change."""

import csv
import hashlib
import io
import zipfile

import pytest

from certificates import packs
from certificates.models import Certificate, CohortPack
from certificates.services import certificate_issue, certificate_revoke
from courses.services import enrollment_create
from tests.courses.factories import make_cohort
from tests.factories import CoordinatorFactory, TraineeFactory

NAMES = ["Amina Diallo", "Rahel Tesfaye", "محمد الأمين"]


@pytest.fixture
def cohort(course):
    return make_cohort(course, name="Foggia 2026", territory="foggia")


@pytest.fixture
def holders(cohort, course, rule, coordinator):
    """Three people of the cohort with a certificate each (one name in Arabic script)."""
    people = []
    for name in NAMES:
        given, _sep, family = name.partition(" ")
        person = TraineeFactory()
        person.profile.certificate_given_name = given
        person.profile.certificate_family_name = family
        person.profile.save()
        enrollment_create(user=person, course=course, cohort=cohort)
        certificate_issue(rule=rule, user=person, issued_by=coordinator, check=False, notify=False)
        people.append(person)
    return people


@pytest.fixture
def built(cohort, holders, coordinator, django_capture_on_commit_callbacks):
    """The pack as a coordinator builds it from its page (the task runs at once)."""
    with django_capture_on_commit_callbacks(execute=True):
        packs.pack_request(cohort=cohort, requested_by=coordinator)
    return CohortPack.objects.get(cohort=cohort)


def _zip(pack) -> zipfile.ZipFile:
    with pack.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def _index(archive) -> list[dict]:
    text = archive.read("index.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_pack_holds_every_valid_pdf_and_an_index_with_their_sha256(built, holders):
    assert built.status == "done" and built.total == 3
    archive = _zip(built)
    rows = _index(archive)
    assert sorted(row["name"] for row in rows) == sorted(NAMES)
    assert list(rows[0]) == ["code", "name", "kind", "hours", "sha256", "file", "course",
                             "version", "issued_on"]  # fmt: skip
    for row in rows:
        content = archive.read(row["file"])
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == row["sha256"]
        certificate = Certificate.objects.get(code=row["code"])
        assert row["sha256"] == certificate.pdf_sha256
        assert (row["kind"], row["hours"]) == ("completion", str(certificate.hours))
    assert archive.namelist() == sorted(archive.namelist())
    assert len(archive.namelist()) == 4  # three PDFs and the index


def test_two_builds_of_the_same_certificates_are_byte_identical(built, cohort, coordinator):
    first = built.file.open("rb").read()
    assert hashlib.sha256(first).hexdigest() == built.sha256
    # Built again from scratch (and once more in memory): the same bytes.
    certificates = packs.cohort_certificates(cohort)
    assert packs.zip_bytes(certificates) == first
    packs.pack_build(built.pk)
    built.refresh_from_db()
    assert built.file.open("rb").read() == first
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644


def test_a_revoked_certificate_makes_the_pack_stale_and_the_page_says_so(
    built, holders, rule, coordinator, client
):
    revoked = Certificate.objects.get(user=holders[0], rule=rule)
    certificate_revoke(certificate=revoked, by=coordinator, reason="Issued by mistake")
    assert packs.pack_state(built.cohort).stale
    client.force_login(coordinator)
    # The old ZIP is not handed out: the download leads to the page, which says why.
    response = client.get(f"/certificates/cohorts/{built.cohort_id}/pack.zip")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/certificates/cohorts/{built.cohort_id}/pack/")
    page = client.get(f"/en/certificates/cohorts/{built.cohort_id}/pack/").content.decode()
    assert "changed after the last pack was built" in page
    assert "1 of 2 certificates" in page or "0 of 2 certificates packed" in page


def test_the_page_builds_again_and_the_new_pack_leaves_the_revoked_one_out(
    built, holders, rule, coordinator, client, django_capture_on_commit_callbacks
):
    revoked = Certificate.objects.get(user=holders[0], rule=rule)
    certificate_revoke(certificate=revoked, by=coordinator, reason="Issued by mistake")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/certificates/cohorts/{built.cohort_id}/pack/")
    built.refresh_from_db()
    assert built.status == "done" and revoked.code not in built.codes and len(built.codes) == 2
    response = client.get(f"/certificates/cohorts/{built.cohort_id}/pack.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == built.sha256 == response["X-Pack-SHA256"]
    assert revoked.code not in {row["code"] for row in _index(zipfile.ZipFile(io.BytesIO(body)))}


def test_progress_page_while_the_pack_is_being_built(cohort, holders, coordinator, client):
    packs.pack_request(cohort=cohort, requested_by=coordinator)  # the job has not run yet
    client.force_login(coordinator)
    page = client.get(f"/en/certificates/cohorts/{cohort.pk}/pack/").content.decode()
    assert '<progress id="pack-progress" max="3" value="0">' in page
    assert "0 of 3 certificates packed" in page
    assert 'http-equiv="refresh"' in page
    assert "Download the pack" not in page
    response = client.get(f"/certificates/cohorts/{cohort.pk}/pack.zip")
    assert response.status_code == 302  # nothing to download yet


def test_a_ready_pack_shows_its_sha256_and_the_download(built, coordinator, client):
    client.force_login(coordinator)
    page = client.get(f"/en/certificates/cohorts/{built.cohort_id}/pack/").content.decode()
    assert "The pack is ready." in page and built.sha256 in page
    assert f'href="/en/certificates/cohorts/{built.cohort_id}/pack.zip"' in page
    assert 'http-equiv="refresh"' not in page


def test_the_rule_list_links_each_cohort_pack(built, coordinator, client):
    client.force_login(coordinator)
    page = client.get("/en/certificates/rules/").content.decode()
    assert f'href="/en/certificates/cohorts/{built.cohort_id}/pack/"' in page


@pytest.mark.parametrize("path", ["pack/", "pack.zip"])
def test_only_the_coordinators_of_the_cohort_territory_reach_the_pack(
    built, client, trainee, trainer, path
):
    url = f"/certificates/cohorts/{built.cohort_id}/{path}"
    assert client.get(url).status_code == 302  # signed out: the login page
    assert "/accounts/login/" in client.get(url)["Location"]
    for person in (
        trainee,
        trainer,
        CoordinatorFactory(territories=["bari"]),
        built.cohort.enrollments.first().user,  # a holder: not their pack
    ):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        assert client.post(f"/certificates/cohorts/{built.cohort_id}/pack/").status_code == 404
    for person in (CoordinatorFactory(territories=["foggia"]), CoordinatorFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 200


def test_the_pack_is_stored_privately_and_not_at_a_media_url(built, client, settings):
    assert built.file.name.startswith("certificates/packs/")
    assert built.file.name.startswith(tuple(settings.PRIVATE_MEDIA_PREFIXES))
    # Even knowing the file's name, the media address does not serve it.
    assert client.get(settings.MEDIA_URL + built.file.name).status_code == 404
    client.force_login(built.requested_by)
    page = client.get(f"/certificates/cohorts/{built.cohort_id}/pack/").content.decode()
    assert built.file.name not in page and settings.MEDIA_URL not in page


def test_a_certificate_whose_pdf_was_altered_stops_the_pack_naming_it(
    cohort, holders, rule, coordinator, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    certificate = Certificate.objects.get(user=holders[1], rule=rule)
    name = certificate.pdf.name
    certificate.pdf.storage.delete(name)
    certificate.pdf.storage.save(name, ContentFile(b"%PDF-1.7 altered"))
    with django_capture_on_commit_callbacks(execute=True):
        packs.pack_request(cohort=cohort, requested_by=coordinator)
    pack = CohortPack.objects.get(cohort=cohort)
    assert pack.status == "failed" and certificate.code in pack.error and not pack.file


def test_erasing_a_holder_discards_the_pack_that_printed_their_name(
    built, holders, django_capture_on_commit_callbacks
):
    from lms.accounts.services import user_erase

    name, storage = built.file.name, built.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=holders[0])
    assert not CohortPack.objects.filter(pk=built.pk).exists()
    assert not storage.exists(name)


def test_pack_requests_are_in_the_requesters_export(built, coordinator):
    from certificates.personal_data import collect_signoffs

    assert collect_signoffs(coordinator)["certificate_packs_requested"] == [
        {"cohort": "Foggia 2026", "requested_at": built.requested_at.isoformat()}
    ]


def test_the_pack_page_makes_as_many_queries_for_one_certificate_as_for_many(
    cohort, course, rule, coordinator, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    url = f"/en/certificates/cohorts/{cohort.pk}/pack/"

    def queries() -> int:
        client.get(url)  # warm the session and the site
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def holder(name):
        person = TraineeFactory()
        person.profile.certificate_given_name = name
        person.profile.save()
        enrollment_create(user=person, course=course, cohort=cohort)
        certificate_issue(rule=rule, user=person, issued_by=coordinator, check=False, notify=False)

    holder("Uno")
    one = queries()
    for name in ("Due", "Tre", "Quattro", "Cinque", "Sei"):
        holder(name)
    assert queries() == one


def test_the_pack_holds_both_kinds_each_with_its_own_hours(
    cohort, course, rule, coordinator, holders, django_capture_on_commit_callbacks
):
    """An attestato di frequenza beside the completion certificate of the same person:
    two files, two index lines, the attestato's hours the register's."""
    from decimal import Decimal

    from courses.services import attendance_record
    from tests.courses.factories import make_session

    person = holders[0]
    session = make_session(cohort, course, days=-1, hours=3, title="Ascolto attivo")
    attendance_record(
        session=session, recorded_by=coordinator, statuses={person.pk: "present"},
        hours={person.pk: Decimal("2.5")},
    )  # fmt: skip
    certificate_issue(
        rule=rule, user=person, issued_by=coordinator, check=False, notify=False,
        kind=Certificate.Kind.ATTENDANCE,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        packs.pack_request(cohort=cohort, requested_by=coordinator)
    archive = _zip(CohortPack.objects.get(cohort=cohort))
    rows = _index(archive)
    attestati = [row for row in rows if row["kind"] == "attendance"]
    assert len(rows) == 4 and len(attestati) == 1
    assert attestati[0]["hours"] == "2.5"
    assert attestati[0]["file"].endswith("-attendance.pdf")
    assert archive.read(attestati[0]["file"]).startswith(b"%PDF")
