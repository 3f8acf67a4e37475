"""Issue 15 item 22: Italian copy addresses the reader without assuming a gender."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
# Greetings that agree with a masculine (or feminine) reader; use "Ti diamo il benvenuto" instead.
GENDERED = (
    "Benvenuto!",
    "Benvenuta!",
    "Benvenuto,",
    "Benvenuta,",
    "Sei il benvenuto",
    "Sei la benvenuta",
)


@pytest.mark.parametrize("po_path", sorted(ROOT.glob("*/locale/it/LC_MESSAGES/django.po")), ids=str)
def test_italian_catalogue_has_no_gendered_greeting(po_path):
    found = [
        entry.msgstr
        for entry in polib.pofile(str(po_path))
        if any(word in entry.msgstr for word in GENDERED)
    ]
    assert not found, f"gendered greeting in {po_path}: {found}"
