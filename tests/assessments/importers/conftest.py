"""The importers are pure Python: their tests need translations, never the database."""

import django
import pytest
from django.conf import settings
from django.utils import translation

if not settings.configured:  # Run without the project's settings (e.g. -p no:django).
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()


@pytest.fixture(autouse=True)
def _english_messages():
    """Error messages are asserted in English whatever the site's default language."""
    with translation.override("en"):
        yield
