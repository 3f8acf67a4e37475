"""Problem photos and documents: checked on upload, stored under random names, and
served only to the people of the path."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from courses.lab import services
from courses.lab.models import Problem
from tests.courses.factories import make_cohort

from .factories import jpeg, make_participant, make_path, make_problem, open_stage

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Fila all'anagrafe",
    "description": "Si aspetta tre ore.",
    "where": "Via Rosselli",
    "who_is_affected": "Nuovi residenti",
}


def url(name, *args):
    return reverse(f"courses:lab:{name}", args=args)


def pdf(name="verbale.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def docx(name="lettera.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def post(client, path, attachment, **fields):
    return client.post(url("problem_new", path.pk), {**FIELDS, **fields, "attachment": attachment})


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_photo_is_stored_under_a_random_name_without_its_metadata(
    client, lab_path, participant, problems_open
):
    client.force_login(participant)
    post(client, lab_path, jpeg("casa-di-amina.jpg"))
    problem = Problem.objects.get()
    name = problem.attachment.name
    assert name.startswith("lab/private/") and name.endswith(".jpg")
    assert "amina" not in name
    page = client.get(problem.get_absolute_url()).content.decode()
    assert f'src="{problem.get_attachment_url()}"' in page
    assert "/media/" not in page

    response = client.get(problem.get_attachment_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(body(response)))
    assert image.format == "JPEG" and image.size == (40, 30)
    assert not image.getexif()  # no camera, software or position left


def test_a_large_photo_is_scaled_down(client, lab_path, participant, problems_open):
    client.force_login(participant)
    post(client, lab_path, jpeg(size=(4000, 1000)))
    image = Image.open(Problem.objects.get().attachment.open("rb"))
    assert image.size == (2400, 600)


def test_documents_are_downloaded_with_their_type(client, lab_path, participant, problems_open):
    client.force_login(participant)
    post(client, lab_path, pdf(), title="Con PDF")
    post(client, lab_path, docx(), title="Con DOCX")
    with_pdf = Problem.objects.get(title="Con PDF")
    with_docx = Problem.objects.get(title="Con DOCX")
    page = client.get(with_pdf.get_absolute_url()).content.decode()
    assert "Download the attached document (PDF)" in page
    response = client.get(with_pdf.get_attachment_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="con-pdf-{with_pdf.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response).startswith(b"%PDF-")
    response = client.get(with_docx.get_attachment_url())
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/x-msdos"),
            "This kind of file cannot be attached.",
        ),
        (
            SimpleUploadedFile(
                "pagina.html", b"<script>alert(1)</script>", content_type="text/html"
            ),
            "This kind of file cannot be attached.",
        ),
        (
            SimpleUploadedFile(
                "finto.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
            ),
            "This file does not look like a real PDF",
        ),
        (
            SimpleUploadedFile(
                "finta.jpg", b"\xff\xd8\xff\xe0 not a jpeg", content_type="image/jpeg"
            ),
            "This file does not look like a real JPG",
        ),
        (
            SimpleUploadedFile("finto.docx", b"PK\x03\x04broken", content_type="application/zip"),
            "This file does not look like a real DOCX",
        ),
        (
            SimpleUploadedFile(
                "grande.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf"
            ),
            "The file is too large: 5 MB at most.",
        ),
    ],
    ids=["exe", "html", "fake-pdf", "fake-jpeg", "fake-docx", "too-large"],
)
def test_other_files_are_refused_and_what_was_typed_stays(
    client, lab_path, participant, problems_open, upload, message
):
    client.force_login(participant)
    response = post(client, lab_path, upload)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Fila all&#x27;anagrafe"' in page
    assert "Si aspetta tre ore.</textarea>" in page
    assert "choose it again" in page
    assert not Problem.objects.exists()


def test_a_png_named_jpg_is_refused(client, lab_path, participant, problems_open):
    buffer = io.BytesIO()
    Image.new("RGB", (5, 5)).save(buffer, format="PNG")
    client.force_login(participant)
    response = post(client, lab_path, SimpleUploadedFile("foto.jpg", buffer.getvalue()))
    assert "This file does not look like a real JPG" in response.content.decode()
    assert not Problem.objects.exists()


@pytest.fixture
def with_photo(lab_path, participant, problems_open):
    return make_problem(lab_path, participant, attachment=jpeg())


def test_people_outside_the_path_get_404_even_with_the_address(
    client, lab_path, with_photo, outsider, workshop_course
):
    address = with_photo.get_attachment_url()
    client.force_login(outsider)
    assert client.get(address).status_code == 404
    # A participant of another path guessing this problem under their own path.
    other_path = make_path(make_cohort(workshop_course, name="Lecce 2026", territory="lecce"))
    stranger = make_participant(other_path)
    client.force_login(stranger)
    assert client.get(address).status_code == 404
    assert client.get(url("problem_attachment", other_path.pk, with_photo.pk)).status_code == 404
    client.logout()
    assert client.get(address).status_code == 302  # to the login page


def test_coordinators_and_facilitators_see_it_and_a_problem_without_file_is_404(
    client, lab_path, with_photo, participant, facilitator, coordinator
):
    for person in (facilitator, coordinator):
        client.force_login(person)
        assert client.get(with_photo.get_attachment_url()).status_code == 200
    plain = make_problem(lab_path, participant, title="Senza foto")
    assert plain.get_attachment_url() == ""
    assert client.get(url("problem_attachment", lab_path.pk, plain.pk)).status_code == 404
    assert client.get(url("problem_attachment", lab_path.pk, 999999)).status_code == 404


def test_a_hidden_problems_file_is_for_moderators_only(
    client, lab_path, with_photo, other_participant, facilitator
):
    services.item_hide(item=with_photo, user=facilitator, reason="Foto con volti riconoscibili")
    client.force_login(other_participant)
    assert client.get(with_photo.get_attachment_url()).status_code == 404
    client.force_login(facilitator)
    assert client.get(with_photo.get_attachment_url()).status_code == 200


def test_the_public_territory_page_never_shows_attachments(
    client, lab_path, with_photo, group, participant, facilitator
):
    """A published proposal is public; the problems behind it and their files are not."""
    from courses.lab.models import StageKind

    from .test_proposals import SECTIONS

    open_stage(lab_path, StageKind.PROPOSALS, user=facilitator)
    proposal = services.proposal_create(path=lab_path, group=group, user=participant, data=SECTIONS)
    services.proposal_submit(proposal=proposal, user=participant)
    services.proposal_set_public(proposal=proposal, user=participant, is_public=True)
    client.logout()
    page = client.get(url("territory", "bari")).content.decode()
    assert SECTIONS["title"] in page
    assert with_photo.get_attachment_url() not in page
    assert "lab/private" not in page and "/media/" not in page
    assert client.get(with_photo.get_attachment_url()).status_code == 302  # login first


def test_deleting_a_problem_removes_its_private_file(
    client, lab_path, participant, problems_open, django_capture_on_commit_callbacks
):
    client.force_login(participant)
    post(client, lab_path, pdf())
    problem = Problem.objects.get()
    storage, name = problem.attachment.storage, problem.attachment.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        problem.delete()
    assert not storage.exists(name)
