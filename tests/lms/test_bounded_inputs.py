"""Bounded inputs: every upload is refused by its size before it is read, with the limit named,
and nothing is saved; lab texts have a length limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assessments.competencies.forms import FrameworkImportForm
from assessments.forms import ImportForm
from assessments.models import Question
from courses.forms import EnrollmentImportForm
from courses.lab.forms import LAB_TEXT_MAX, HypothesisForm
from lms import uploads

pytestmark = pytest.mark.django_db


class _HugeUpload(SimpleUploadedFile):
    """Declares 1 GB; reading it would fail the test: the size must be checked first."""

    def __init__(self, name="big.txt"):
        super().__init__(name, b"x")
        self.size = 1024**3

    def chunks(self, chunk_size=None):
        raise AssertionError("the upload was read before its size was checked")

    def read(self, *args):
        raise AssertionError("the upload was read before its size was checked")


def _errors(form) -> str:
    assert not form.is_valid()
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


@pytest.mark.parametrize(
    ("make_form", "limit"),
    [
        (
            lambda f: ImportForm({"fmt": "gift", "category": "A"}, {"file": f}),
            uploads.QUESTION_IMPORT_MAX,
        ),
        (
            lambda f: FrameworkImportForm({"format": "moodle-csv"}, {"file": f}),
            uploads.FRAMEWORK_IMPORT_MAX,
        ),
        (lambda f: EnrollmentImportForm({}, {"file": f}), uploads.ENROLMENT_CSV_MAX),
    ],
    ids=["questions", "framework", "enrolment"],
)
def test_every_import_refuses_an_oversized_file_unread(make_form, limit):
    with translation.override("en"):
        message = _errors(make_form(_HugeUpload()))
        assert f"larger than {uploads.filesizeformat(limit)}" in message


def test_a_lying_size_is_caught_while_streaming():
    upload = SimpleUploadedFile("bank.gift", b"x" * 300)
    upload.size = 10
    with pytest.raises(uploads.forms.ValidationError):
        uploads.read_capped(upload, 100)
    assert uploads.read_capped(SimpleUploadedFile("ok.gift", b"abc"), 100) == b"abc"


def test_question_import_over_the_cap_saves_nothing(trainer_client, monkeypatch):
    monkeypatch.setattr("assessments.forms.QUESTION_IMPORT_MAX", 100)
    gift = "::q1:: Capitale? {=Roma ~Milano}\n\n" * 10
    upload = SimpleUploadedFile("bank.gift", gift.encode())
    with translation.override("en"):
        response = trainer_client.post(
            reverse("assessments_import:import"),
            {"file": upload, "fmt": "gift", "category": "A"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert "100" in response.content.decode()
    assert not Question.objects.exists()


def test_verify_refuses_an_oversized_pdf_before_hashing_it(client, monkeypatch):
    monkeypatch.setattr(uploads, "VERIFY_PDF_MAX", 50)
    pdf = SimpleUploadedFile("c.pdf", b"%PDF-1.4 " + b"0" * 100, content_type="application/pdf")
    response = client.post(reverse("certificates:verify_form"), {"pdf": pdf})
    assert response.status_code == 200  # the form again, with the error; not a lookup
    assert "50" in response.content.decode()


def test_lab_texts_have_a_length_limit():
    data = dict.fromkeys(("title", "what", "who_acts", "resources", "risks", "evidence"), "ok")
    data["version"] = 0
    assert HypothesisForm(data).is_valid()
    data["what"] = "a" * (LAB_TEXT_MAX + 1)
    form = HypothesisForm(data)
    assert not form.is_valid() and "what" in form.errors
