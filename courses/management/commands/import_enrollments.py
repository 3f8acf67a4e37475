from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.importers import EnrollmentImportError, enrollment_import
from courses.models import Cohort, CoursePage, canonical_page
from lms.management.base import ProjectCommand
from lms.uploads import ENROLMENT_CSV_COMMAND_MAX, read_path_capped


class Command(ProjectCommand):
    help = (
        "Enrol people in a course from a CSV file (columns: email, first_name, last_name, "
        "cohort, language). Nothing is imported if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--course", required=True, help="The course page's slug.")
        parser.add_argument("--cohort", help="Cohort for rows whose cohort column is empty.")

    def handle(self, *args, file: Path, course: str, cohort: str | None, **options):
        # At most ENROLMENT_CSV_COMMAND_MAX, read in chunks (refused before it is read).
        data = read_path_capped(file, ENROLMENT_CSV_COMMAND_MAX)
        page = CoursePage.objects.filter(slug=course).order_by("pk").first()
        if page is None:
            raise CommandError(_("No course with slug “%(slug)s”.") % {"slug": course})
        default_cohort = None
        if cohort:
            default_cohort = Cohort.objects.filter(name__iexact=cohort).first()
            if default_cohort is None:
                raise CommandError(_("No cohort named “%(name)s”.") % {"name": cohort})
        try:
            result = enrollment_import(
                data=data, course=canonical_page(page), default_cohort=default_cohort
            )
        except EnrollmentImportError as error:
            for line, reason in error.errors:
                self.stderr.write(_("Line %(line)s: %(reason)s") % {"line": line, "reason": reason})
            raise CommandError(
                ngettext(
                    "Nothing imported: %(count)d row needs fixing.",
                    "Nothing imported: %(count)d rows need fixing.",
                    len(error.errors),
                )
                % {"count": len(error.errors)}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(enrolled)d enrolled, %(unchanged)d already enrolled, "
                    "%(new)d new accounts invited."
                )
                % {
                    "enrolled": len(result.enrolled),
                    "unchanged": len(result.unchanged),
                    "new": len(result.created_people),
                }
            )
        )
