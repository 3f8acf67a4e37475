"""``manage.py import_questions FILE --format gift|aiken|moodlexml --category "A/B"``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.importers import FORMATS, QuestionImportError
from assessments.services import questions_import


class Command(BaseCommand):
    help = "Import a GIFT, Aiken or Moodle XML file into the question bank (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
        parser.add_argument("--category", required=True, help='e.g. "Peer coaching/Listening"')

    def handle(self, *args, file: Path, fmt: str, category: str, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            result = questions_import(text=text, fmt=fmt, category_path=category)
        except QuestionImportError as error:
            for message in error.messages:
                self.stderr.write(f"{file}: {message}")
            raise CommandError(
                f"{file}: {len(error.problems)} problem(s); nothing was imported."
            ) from error
        self.stdout.write(
            f"Imported {len(result.questions)} question(s) into {result.categories[0].full_path}."
        )
