"""``manage.py import_framework FILE --format moodle-csv|case``: all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.competencies.exceptions import InterchangeError
from assessments.competencies.interchange import FORMATS, decode, import_text
from lms.uploads import FRAMEWORK_IMPORT_COMMAND_MAX, read_path_capped


class Command(BaseCommand):
    help = "Import a competency framework from a Moodle competency CSV or a CASE JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, default="moodle-csv")

    def handle(self, *args, file: Path, format: str, **options):
        text = decode(read_path_capped(file, FRAMEWORK_IMPORT_COMMAND_MAX))
        try:
            framework = import_text(text, format)
        except InterchangeError as error:
            lines = [f"{file}: nothing was imported."]
            lines += [f"  {where}: {reason}" for where, reason in error.errors]
            raise CommandError("\n".join(lines)) from error
        count = framework.competencies.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported framework {framework.idnumber} with {count} competencies."
            )
        )
