"""``manage.py export_framework IDNUMBER --format moodle-csv|case --output FILE``."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from assessments.competencies.interchange import FORMATS, export_text
from assessments.models import CompetencyFramework
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Export a competency framework as a Moodle competency CSV or a CASE JSON file."

    def add_arguments(self, parser):
        parser.add_argument("idnumber")
        parser.add_argument("--format", choices=FORMATS, default="moodle-csv")
        parser.add_argument("--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, idnumber: str, format: str, output: Path | None, **options):
        framework = (
            CompetencyFramework.objects.select_related("scale")
            .prefetch_related("scale__levels")
            .filter(idnumber=idnumber)
            .first()
        )
        if framework is None:
            raise CommandError(
                _("No framework has the ID number %(idnumber)r.") % {"idnumber": idnumber}
            )
        text = export_text(framework, format)
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(_("Wrote %(file)s.") % {"file": output}))
