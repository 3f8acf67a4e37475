"""Competency names in the reader's language, with the Italian as the fallback."""

import pytest
from django.utils import translation

from assessments.models import Competency, CompetencyFramework, ScaleLevel, SelfAssessment


@pytest.mark.parametrize("model", [Competency, CompetencyFramework, ScaleLevel, SelfAssessment])
@pytest.mark.parametrize(
    ("language", "shown", "shown_in"),
    [("it", "Ascolto", "it"), ("en", "Listening", "en"), ("fr", "Écoute", "fr"),
     ("ar", "Ascolto", "it")],
)  # fmt: skip
def test_the_name_is_the_readers_language_or_the_italian(model, language, shown, shown_in):
    item = model(name="Ascolto", name_en="Listening", name_fr="Écoute", name_ar="")
    with translation.override(language):
        assert (item.display_name, item.display_name_language) == (shown, shown_in)


def test_without_italian_the_english_is_shown():
    item = Competency(name="", name_en="Listening")
    with translation.override("ar"):
        assert (item.display_name, item.display_name_language) == ("Listening", "en")
