"""Issue a course's certificates to everyone eligible: ``issue_certificates --course SLUG``."""

from django.core.management.base import BaseCommand, CommandError

from certificates import learning, selectors, services
from certificates.models import CertificateRule


class Command(BaseCommand):
    help = "Issue certificates to every eligible learner of a course (optionally one cohort)."

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="slug of the course page")
        parser.add_argument("--cohort", help="name of the cohort")
        parser.add_argument("--dry-run", action="store_true", help="only list who would get one")

    def handle(self, *args, course, cohort=None, dry_run=False, **options):
        rules = list(CertificateRule.objects.filter(course__slug=course, is_active=True))
        if not rules:
            raise CommandError(f"No active certificate rule for a course with slug {course!r}.")
        cohort_obj = None
        if cohort:
            matches = [c for c in learning.cohorts_for(rules[0].course) if c.name == cohort]
            if not matches:
                raise CommandError(f"No cohort named {cohort!r} follows {course!r}.")
            cohort_obj = matches[0]
        for rule in rules:
            rows = selectors.eligibility_table(rule=rule, cohort=cohort_obj)
            todo = [r for r in rows if r.eligible and not r.certificate]
            self.stdout.write(
                f"{rule.name}: {len(rows)} learners, {len(todo)} eligible without a certificate"
            )
            for row in rows:
                if not row.eligible:
                    missing = "; ".join(f"{c.label}: {c.missing}" for c in row.checks if not c.met)
                    self.stdout.write(f"  not yet  {row.user.email}  ({missing})")
            if dry_run:
                for row in todo:
                    self.stdout.write(f"  would issue  {row.user.email}")
                continue
            batch = services.batch_create(
                rule=rule, requested_by=None, cohort=cohort_obj, user_ids=[r.user.pk for r in todo]
            )
            # On commit the job starts (immediately in dev; on the worker in production).
            self.stdout.write(f"  queued job {batch.pk} for {batch.total} certificates")
