"""``manage.py import_questions FILE --format gift|aiken|moodlexml --category "A/B"``.

All or nothing by default; ``--skip-unsupported`` imports every supported question (still
atomically) and lists the questions left out by number, type and name.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.importers import FORMATS, QuestionImportError
from assessments.importers.encoding import decode
from assessments.services import questions_import


class Command(BaseCommand):
    help = "Import a GIFT, Aiken or Moodle XML file into the question bank (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
        parser.add_argument("--category", required=True, help='e.g. "Peer coaching/Listening"')
        parser.add_argument(
            "--skip-unsupported",
            action="store_true",
            help="Import the supported questions and list the others (calculated, cloze, …) "
            "instead of refusing the file.",
        )

    def handle(self, *args, file: Path, fmt: str, category: str, skip_unsupported=False, **o):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from error
        try:
            decoded = decode(raw)
            if decoded.note is not None:
                self.stderr.write(f"{file}: {decoded.note}")
            result = questions_import(
                text=decoded.text, fmt=fmt, category_path=category, skip_unsupported=skip_unsupported
            )
        except QuestionImportError as error:
            for message in error.messages:
                self.stderr.write(f"{file}: {message}")
            raise CommandError(
                f"{file}: {len(error.problems)} problem(s); nothing was imported."
            ) from error
        for note in result.notes:
            self.stdout.write(f"{file}: {note}")
        for problem in result.skipped:
            info = problem.unsupported
            self.stdout.write(
                f"{file}: skipped question {info['number']} ({info['type']}) "
                f"“{info['name']}”, line {problem.line}"
            )
        self.stdout.write(
            f"Imported {len(result.questions)} question(s) into {result.categories[0].full_path}: "
            f"{result.summary}."
        )
