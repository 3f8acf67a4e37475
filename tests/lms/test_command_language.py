"""Commands speak the language of the environment, as gettext programs do (issue 14)."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from lms.i18n import activate_command_language, command_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LC_ALL": "ar_MA.UTF-8", "LANG": "fr_FR.UTF-8"}, "ar"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}, "fr"),  # the first one we speak
        ({"LANGUAGE": "de", "LANG": "ar_EG.UTF-8"}, "ar"),
        ({"LANG": "de_DE.UTF-8"}, "it"),  # not one of the four: LANGUAGE_CODE
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "it"),  # C wins, as for gettext
        ({}, "it"),
    ],
)
def test_the_command_language_follows_the_environment(environ, expected):
    assert command_language(environ) == expected


@pytest.mark.django_db
def test_a_command_prints_in_that_language():
    out = io.StringIO()
    with translation.override("it"):
        activate_command_language({"LANG": "fr_FR.UTF-8"})
        call_command("close_expired_attempts", stdout=out)
    assert out.getvalue().strip() == "0 tentative clôturée."


def test_manage_py_activates_it():
    """manage.py itself: ``shell -c`` prints the active language."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.utils import translation; print(translation.get_language())"],
        cwd=ROOT,
        env={"LANG": "ar_SA.UTF-8", "DJANGO_SETTINGS_MODULE": "lms.settings.test",
             "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "ar"


@pytest.mark.django_db
def test_import_questions_and_issue_certificates_print_in_the_command_language(tmp_path):
    from django.core.management.base import CommandError

    gift = tmp_path / "q.gift"
    gift.write_text("::sole::Il sole è una stella. {TRUE}", encoding="utf-8")
    out = io.StringIO()
    with translation.override("it"):
        activate_command_language({"LANG": "ar_MA.UTF-8"})
        call_command("import_questions", str(gift), "--format", "gift", "--category", "Prova",
                     stdout=out)  # fmt: skip
        assert out.getvalue().strip().startswith("تم استيراد 1 سؤال إلى Prova")
        activate_command_language({"LANG": "fr_FR.UTF-8"})
        with pytest.raises(CommandError, match="Aucune règle de certificat active"):
            call_command("issue_certificates", "--course", "nessuno")
