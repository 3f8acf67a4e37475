"""``manage.py import_framework FILE --format moodle-csv|case``: all or nothing."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.competencies.exceptions import InterchangeError
from assessments.competencies.interchange import FORMATS, decode, import_text
from lms.management.base import ProjectCommand
from lms.uploads import FRAMEWORK_IMPORT_COMMAND_MAX, read_path_capped


class Command(ProjectCommand):
    help = "Import a competency framework from a Moodle competency CSV or a CASE JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, default="moodle-csv")

    def handle(self, *args, file: Path, format: str, **options):
        text = decode(read_path_capped(file, FRAMEWORK_IMPORT_COMMAND_MAX))
        try:
            framework = import_text(text, format)
        except InterchangeError as error:
            lines = [_("%(file)s: nothing was imported.") % {"file": file}]
            lines += [f"  {where}: {reason}" for where, reason in error.errors]
            raise CommandError("\n".join(lines)) from error
        count = framework.competencies.count()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Imported framework %(idnumber)s with %(count)d competency.",
                    "Imported framework %(idnumber)s with %(count)d competencies.",
                    count,
                )
                % {"idnumber": framework.idnumber, "count": count}
            )
        )
