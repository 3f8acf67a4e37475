"""The lab's pages in Italian by default and in Arabic on request (its catalogues are
checked with every other one in tests/lms/test_i18n.py)."""

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
def test_pages_speak_italian_by_default_and_arabic_on_request(client, lab_path, participant):
    client.force_login(participant)
    with translation.override("it"):
        path = reverse("courses:lab:path", args=[lab_path.pk])
    assert path == f"/lab/{lab_path.pk}/"
    page = client.get(path).content.decode()
    assert "Laboratorio partecipativo" in page and "Vedi i problemi" in page
    page = client.get("/ar" + path).content.decode()
    assert 'dir="rtl"' in page and "عرض المشكلات" in page
