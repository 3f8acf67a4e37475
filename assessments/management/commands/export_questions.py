"""``manage.py export_questions "A/B" --format gift|moodlexml [--output FILE]``."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from assessments.models import QuestionCategory
from assessments.services import questions_export
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Export a question category (with its subcategories) to GIFT or Moodle XML."

    def add_arguments(self, parser):
        parser.add_argument("category", help='the category path, e.g. "Peer coaching"')
        parser.add_argument("--format", dest="fmt", choices=["gift", "moodlexml"], required=True)
        parser.add_argument("--output", type=Path, help="a file (default: standard output)")

    def handle(self, *args, category: str, fmt: str, output: Path | None, **options):
        found = QuestionCategory.objects.filter(full_path=category.strip("/")).first()
        if found is None:
            raise CommandError(_("No category %(name)r.") % {"name": category})
        text, skipped = questions_export(category=found, fmt=fmt)
        for question in skipped:
            self.stderr.write(
                _("skipped (%(type)s cannot be written as %(format)s): %(name)s")
                % {"type": question.qtype, "format": fmt, "name": question.name}
            )
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
