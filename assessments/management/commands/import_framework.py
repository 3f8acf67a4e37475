"""``manage.py import_framework FILE --format moodle-csv|case``: all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.competencies.exceptions import InterchangeError
from assessments.competencies.interchange import FORMATS, decode, import_text


class Command(BaseCommand):
    help = "Import a competency framework from a Moodle competency CSV or a CASE JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, default="moodle-csv")

    def handle(self, *args, file: Path, format: str, **options):
        try:
            text = decode(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
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
