"""Every import entry point refuses an oversized file with a clear error and reads none of
it (issue 13 item 13): each ``manage.py import_*`` command of the project and each form
of the project with a file field, found by introspection, so a new one is covered too."""

import importlib
import pkgutil

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import translation

from lms import uploads

pytestmark = pytest.mark.django_db

PROJECT = ("lms", "content", "courses", "assessments", "certificates")

#: Each import command: the arguments besides the file, and its cap.
COMMANDS = {
    "import_enrollments": (["--course", "any"], uploads.ENROLMENT_CSV_COMMAND_MAX),
    "import_framework": (["--format", "moodle-csv"], uploads.FRAMEWORK_IMPORT_COMMAND_MAX),
    "import_questions": (
        ["--format", "gift", "--category", "A"],
        uploads.QUESTION_IMPORT_COMMAND_MAX,
    ),
}


def _project_import_commands() -> set[str]:
    return {
        name
        for name, app in get_commands().items()
        if name.startswith("import") and app.split(".")[0] in PROJECT
    }


def test_every_import_command_is_listed_here():
    assert _project_import_commands() == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_import_command_refuses_an_oversized_file_unread(name, tmp_path, monkeypatch):
    arguments, limit = COMMANDS[name]
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: one byte over the cap, no disk used
        handle.truncate(limit + 1)
    real_open = open

    def no_read(path, *args, **kwargs):
        if str(path) == str(big):
            raise AssertionError("the file was opened before its size was checked")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", no_read)
    with translation.override("en"):
        with pytest.raises(CommandError) as refused:
            call_command(name, str(big), *arguments)
        expected = f"larger than {uploads.filesizeformat(limit)}, the most this command accepts"
    message = str(refused.value)
    assert expected in message
    assert "Nothing was imported." in message


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "people.csv"
    path.write_bytes(b"x" * 300)
    monkeypatch.setattr(uploads, "check_path_size", lambda path, limit: None)
    with translation.override("en"), pytest.raises(CommandError, match="Nothing was imported"):
        uploads.read_path_capped(path, 100)
    assert uploads.read_path_capped(path, 300) == b"x" * 300


class _HugeUpload(SimpleUploadedFile):
    """Declares 1 GB; reading it fails the test: the size must be checked first."""

    def __init__(self, name):
        super().__init__(name, b"x")
        self.size = 1024**3

    def chunks(self, chunk_size=None):
        raise AssertionError("the upload was read before its size was checked")

    def read(self, *args):
        raise AssertionError("the upload was read before its size was checked")

    def open(self, *args):
        raise AssertionError("the upload was read before its size was checked")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _forms_with_files() -> list[type]:
    for top in PROJECT:
        package = importlib.import_module(top)
        for info in pkgutil.walk_packages(package.__path__, f"{top}."):
            if "forms" in info.name.rsplit(".", 1)[-1]:
                importlib.import_module(info.name)
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PROJECT
        and any(isinstance(f, forms.FileField) for f in getattr(cls, "base_fields", {}).values())
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _framework():
    from tests.assessments.competencies.factories import make_framework

    return make_framework(idnumber="CAPS")


#: Forms that need what they are for, beyond data and files.
CONTEXT = {"PriorLearningForm": lambda: {"framework": _framework()}}


def _build(cls, data, files):
    extra = CONTEXT.get(cls.__name__, dict)()
    return cls(data, files, **extra)


@pytest.mark.parametrize("form_class", _forms_with_files(), ids=lambda c: c.__name__)
def test_every_form_with_a_file_refuses_an_oversized_upload_unread(form_class):
    fields = {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.FileField)
    }
    files = {name: _HugeUpload("big.pdf") for name in fields}
    with translation.override("en"):
        form = _build(form_class, {}, files)
        assert not form.is_valid()
        errors = " ".join(form.non_field_errors())
        for name in fields:
            errors += " ".join(form.errors.get(name, []))
            # "larger than 5.0 MB" (imports, /verify/) or "too large: 5 MB at most" (attachments)
            assert "large" in errors and "MB" in errors, f"{form_class.__name__}: {errors!r}"


def test_the_checked_text_carried_to_the_confirm_step_is_capped_too():
    from assessments.forms import ImportForm
    from courses.forms import EnrollmentImportForm

    assert ImportForm.base_fields["text"].max_length == uploads.QUESTION_IMPORT_MAX
    assert EnrollmentImportForm.base_fields["content"].max_length == uploads.ENROLMENT_CSV_MAX
