from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.importers import EnrollmentImportError, enrollment_import
from courses.models import Cohort, CoursePage, canonical_page
from lms.uploads import ENROLMENT_CSV_COMMAND_MAX, read_path_capped


class Command(BaseCommand):
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
            raise CommandError(f"No course with slug “{course}”.")
        default_cohort = None
        if cohort:
            default_cohort = Cohort.objects.filter(name__iexact=cohort).first()
            if default_cohort is None:
                raise CommandError(f"No cohort named “{cohort}”.")
        try:
            result = enrollment_import(
                data=data, course=canonical_page(page), default_cohort=default_cohort
            )
        except EnrollmentImportError as error:
            for line, reason in error.errors:
                self.stderr.write(f"Line {line}: {reason}")
            raise CommandError(
                f"Nothing imported: {len(error.errors)} row(s) need fixing."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.enrolled)} enrolled, {len(result.unchanged)} already enrolled, "
                f"{len(result.created_people)} new account(s) invited."
            )
        )
