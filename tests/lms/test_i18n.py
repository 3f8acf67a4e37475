"""Message catalogues: Italian and English complete, French and Arabic cover the rest."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = (
    sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))
    + sorted(ROOT.glob("courses/*/locale/*/LC_MESSAGES/django.po"))
    + sorted(ROOT.glob("lms/*/locale/*/LC_MESSAGES/django.po"))
)


def test_there_are_catalogues_for_each_language():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert languages == {"it", "en", "fr", "ar"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    """Every entry is translated and none is fuzzy (fr/ar included: all our strings are
    trainee-facing or shown to mixed groups)."""
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_placeholders_survive_translation(path):
    """A translation keeps every placeholder of its source (each plural form too)."""
    import re

    po = polib.pofile(str(path))
    pattern = re.compile(r"%\(\w+\)[sd]|\{\w+\}")

    def names(text):
        return sorted(set(pattern.findall(text)))

    for entry in po.translated_entries():
        if entry.msgid_plural:
            expected = names(entry.msgid) + names(entry.msgid_plural)
            for form in entry.msgstr_plural.values():
                # A plural form may drop the count (Arabic's "one" form often does).
                assert set(names(form)) <= set(expected), (entry.msgid, form)
        else:
            assert names(entry.msgid) == names(entry.msgstr), entry.msgid
