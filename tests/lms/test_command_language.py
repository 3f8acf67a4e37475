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


def _project_commands():
    """(app label, command name) of every management command of the project's apps."""
    from django.apps import apps
    from django.conf import settings
    from django.core.management import find_commands

    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            for name in find_commands(str(path / "management")):
                yield config.name, name


def test_every_project_command_speaks_the_command_language():
    """Every command of the project's apps is a ``ProjectCommand``, which activates the
    environment's language however the command is started."""
    from django.core.management import load_command_class

    from lms.management.base import ProjectCommand

    commands = list(_project_commands())
    names = {name for _app, name in commands}
    assert {"import_framework", "export_framework", "export_questions", "import_enrollments",
            "lab_follow_stage_dates", "issue_certificates"} <= names  # fmt: skip
    outsiders = [
        name
        for app, name in commands
        if not isinstance(load_command_class(app, name), ProjectCommand)
    ]
    assert outsiders == []


def test_no_command_writes_an_untranslated_f_string():
    """What a command prints or raises is translatable: no f-string or bare literal is
    passed to ``stdout.write``, ``stderr.write`` or ``CommandError`` (the demo and
    benchmark commands, for developers, excepted)."""
    import ast
    import importlib

    offenders = []
    for app, name in _project_commands():
        if app.startswith("bench") or name in {"load_demo", "generate_load_data"}:
            continue
        module = importlib.import_module(f"{app}.management.commands.{name}")
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called not in {"write", "CommandError", "SUCCESS"}:
                continue
            argument = node.args[0]
            if isinstance(argument, ast.JoinedStr) or (
                isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            ):
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []


def test_a_command_started_from_the_command_line_activates_the_language(monkeypatch, db):
    """``run_from_argv`` (manage.py and django-admin) activates the environment's
    language: lab_follow_stage_dates reports in French under LANG=fr_FR."""
    from django.core.management import load_command_class

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    command = load_command_class("courses.lab", "lab_follow_stage_dates")
    out = io.StringIO()
    command.stdout = type(command.stdout)(out)
    with translation.override("it"):
        command.run_from_argv(["manage.py", "lab_follow_stage_dates"])
        assert translation.get_language() == "fr"
    assert "Étapes" in out.getvalue() or "étapes" in out.getvalue()
