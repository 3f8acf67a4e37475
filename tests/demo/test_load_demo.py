"""``load_demo`` prints the demo logins and, run again on a loaded demo, changes nothing
(the package's ``demo`` fixture has already run it once)."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from content.models import HomePage

pytestmark = pytest.mark.django_db


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_load_demo_is_idempotent(demo, capsys):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    call_command("load_demo")
    first = (Page.objects.count(), get_user_model().objects.count())
    out = capsys.readouterr().out
    for login in ("trainee@impact.example", "trainer@impact.example", "coordinator@impact.example"):
        assert login in out
    call_command("load_demo")
    assert (Page.objects.count(), get_user_model().objects.count()) == first
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
