"""Templates and rules in the Wagtail admin: coordinators manage them; preview is a PDF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from pypdf import PdfReader

from certificates.models import CertificateTemplate, validate_placeholders


def test_coordinator_sees_templates_and_rules(coordinator_client, cert_template, rule):
    response = coordinator_client.get("/admin/snippets/certificates/certificatetemplate/")
    assert response.status_code == 200
    assert "Default" in response.content.decode()
    response = coordinator_client.get("/admin/certificaterule/")
    assert response.status_code == 200
    assert "Peer coach certificate" in response.content.decode()


def test_trainer_cannot_edit_templates(trainer_client, cert_template):
    response = trainer_client.get(
        f"/admin/snippets/certificates/certificatetemplate/edit/{cert_template.pk}/"
    )
    assert response.status_code in (302, 403)


def test_preview_is_a_pdf_for_a_sample_learner_in_arabic_script(cert_template):
    response = cert_template.serve_preview(RequestFactory().get("/"), "")
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "7K3M-Q9TX-2HDF-W4NB-8RZC" in text
    assert "Percorso per peer coach" in text and "Peer-coach path" in text


def test_unknown_placeholder_is_refused_with_the_list_of_allowed_ones():
    with pytest.raises(ValidationError) as error:
        validate_placeholders("Ciao {nome}, {course}")
    assert error.value.messages == [
        "Segnaposto sconosciuto {nome}. Usa solo: "
        "{name}, {course}, {hours}, {date}, {competencies}, {code}."
    ]


def test_template_defaults_are_landscape_and_bilingual(db):
    template = CertificateTemplate(name="x", body_it="a", body_en="b")
    assert template.orientation == "landscape"
    assert template.language == "both"
