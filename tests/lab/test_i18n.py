"""The lab's own catalogue (courses/lab/locale is one level deeper than the glob in
tests/lms/test_i18n.py, so it is checked here): complete, placeholders intact."""

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2] / "courses" / "lab" / "locale"
CATALOGUES = sorted(ROOT.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_there_is_a_catalogue_per_language():
    assert {path.parts[-3] for path in CATALOGUES} == {"it", "en", "fr", "ar"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_is_complete_with_placeholders_intact(path):
    po = polib.pofile(str(path))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:10]
    for entry in po:
        if entry.msgid_plural:
            expected = set(PLACEHOLDER.findall(entry.msgid_plural))
            for form in entry.msgstr_plural.values():
                assert form and set(PLACEHOLDER.findall(form)) <= expected, entry.msgid
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
                PLACEHOLDER.findall(entry.msgstr)
            ), entry.msgid


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
