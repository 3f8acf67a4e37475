"""``manage.py export_questions "A/B" --format gift|moodlexml [--output FILE]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import QuestionCategory
from assessments.services import questions_export


class Command(BaseCommand):
    help = "Export a question category (with its subcategories) to GIFT or Moodle XML."

    def add_arguments(self, parser):
        parser.add_argument("category", help='the category path, e.g. "Peer coaching"')
        parser.add_argument("--format", dest="fmt", choices=["gift", "moodlexml"], required=True)
        parser.add_argument("--output", type=Path, help="a file (default: standard output)")

    def handle(self, *args, category: str, fmt: str, output: Path | None, **options):
        found = QuestionCategory.objects.filter(full_path=category.strip("/")).first()
        if found is None:
            raise CommandError(f"No category {category!r}.")
        text, skipped = questions_export(category=found, fmt=fmt)
        for question in skipped:
            self.stderr.write(
                f"skipped ({question.qtype} cannot be written as {fmt}): {question.name}"
            )
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
