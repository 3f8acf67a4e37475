"""Italian admin messages agree in gender with any noun (issue 15 item 22)."""

import re

from django.utils import translation

from lms.admin_messages import OVERRIDDEN

# A participle that must agree with the noun: creato, aggiornato, eliminato, pubblicato,
# programmato, inviato (masculine whatever the noun is).
MASCULINE = re.compile(r"\b(creat|aggiornat|eliminat|pubblicat|programmat|inviat)o\b")


def test_wagtail_messages_about_any_object_read_well_for_a_feminine_noun():
    with translation.override("it"):
        text = translation.gettext("%(model_name)s '%(object)s' created.") % {
            "model_name": "Domanda",
            "object": "Ascolto attivo",
        }
        assert text == "Creazione completata: Domanda 'Ascolto attivo'."
        for message in OVERRIDDEN:
            italian = translation.gettext(message)
            assert italian != message, message
            assert not MASCULINE.search(italian), italian
