"""``manage.py funder_report --from YYYY-MM-DD --to YYYY-MM-DD [--territory T]
--format xlsx|csv|pdf --output FILE``: the programme's funder report as a file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.management.base import ProjectCommand
from reports import exports
from reports.figures import funder_report
from reports.forms import ReportForm
from reports.scope import report_scope

OPTION = {"from": "--from", "to": "--to", "territory": "--territory", "format": "--format"}


class Command(ProjectCommand):
    help = "Write the funder report of a period (programme-wide, or one territory)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="to", required=True, help="YYYY-MM-DD (included)")
        parser.add_argument("--territory", default="", help="bari, foggia, lecce or other")
        parser.add_argument("--format", dest="format", required=True, help="xlsx, csv or pdf")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        # Errors in the language of the command; the file in the programme's language.
        form = ReportForm({key: options[key] or "" for key in OPTION}, export=True)
        if not form.is_valid():
            problems = [
                f"{OPTION.get(field, field)}: {' '.join(errors)}"
                for field, errors in form.errors.items()
            ]
            raise CommandError(
                _("%(problems)s (nothing written)") % {"problems": "; ".join(problems)}
            )
        data = form.cleaned_data
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(
                _("--output: no such folder %(folder)s (nothing written)")
                % {"folder": output.parent}
            )
        with translation.override(settings.LANGUAGE_CODE):
            report = funder_report(
                report_scope(territory=data["territory"]), data["from"], data["to"]
            )
            body = exports.render(
                report, data["format"], generated_at=timezone.localtime().replace(microsecond=0)
            )
        output.write_bytes(body)
        self.stdout.write(
            _("%(file)s · SHA-256 of the figures %(checksum)s")
            % {"file": output, "checksum": report.checksum}
        )
