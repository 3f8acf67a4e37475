"""Issue a course's certificates to everyone eligible:
``issue_certificates --course SLUG [--cohort NAME] [--kind completion|attendance]``.

``--kind completion`` (default): the completion-and-competencies certificate, to those
who meet every criterion. ``--kind attendance``: the attestato di frequenza, to those
with workshop hours in the attendance ledger."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from certificates import learning, selectors, services
from certificates.models import Certificate, CertificateRule
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Issue certificates to every eligible learner of a course (optionally one cohort)."

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="slug of the course page")
        parser.add_argument("--cohort", help="name of the cohort")
        parser.add_argument("--dry-run", action="store_true", help="only list who would get one")
        parser.add_argument(
            "--kind",
            default=Certificate.Kind.COMPLETION,
            help="completion (default) or attendance (attestato di frequenza)",
        )

    def handle(
        self, *args, course, cohort=None, dry_run=False, kind=Certificate.Kind.COMPLETION, **options
    ):
        if kind not in Certificate.Kind.values:
            raise CommandError(
                _("--kind: unknown certificate kind “%(kind)s”; use %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(Certificate.Kind.values)}
            )
        rules = list(CertificateRule.objects.filter(course__slug=course, is_active=True))
        if not rules:
            raise CommandError(
                _("No active certificate rule for a course with slug “%(course)s”.")
                % {"course": course}
            )
        cohort_obj = None
        if cohort:
            matches = [c for c in learning.cohorts_for(rules[0].course) if c.name == cohort]
            if not matches:
                raise CommandError(
                    _("No cohort named “%(cohort)s” follows “%(course)s”.")
                    % {"cohort": cohort, "course": course}
                )
            cohort_obj = matches[0]
        for rule in rules:
            rows = selectors.eligibility_table(rule=rule, cohort=cohort_obj)
            if kind == Certificate.Kind.ATTENDANCE:
                todo = [r for r in rows if r.attendance_issuable]
                self.stdout.write(
                    _(
                        "%(rule)s: %(learners)d learners, %(count)d with workshop hours and no "
                        "certificate of attendance"
                    )
                    % {"rule": rule.name, "learners": len(rows), "count": len(todo)}
                )
                for row in rows:
                    if row.attendance_reissue is not None:
                        self.stdout.write(
                            "  "
                            + _("needs re-issue  %(email)s  (%(code)s)")
                            % {"email": row.user.email, "code": row.attendance_certificate.code}
                        )
                self._issue(rule, cohort_obj, todo, dry_run, kind)
                continue
            todo = [r for r in rows if r.eligible and not r.certificate]
            # In the language of LANGUAGE/LC_ALL/LC_MESSAGES/LANG (manage.py activates it).
            self.stdout.write(
                _("%(rule)s: %(learners)d learners, %(eligible)d eligible without a certificate")
                % {"rule": rule.name, "learners": len(rows), "eligible": len(todo)}
            )
            for row in rows:
                if not row.eligible:
                    missing = "; ".join(f"{c.label}: {c.missing}" for c in row.checks if not c.met)
                    self.stdout.write(
                        "  "
                        + _("not yet  %(email)s  (%(missing)s)")
                        % {"email": row.user.email, "missing": missing}
                    )
            self._issue(rule, cohort_obj, todo, dry_run, kind)

    def _issue(self, rule, cohort_obj, todo, dry_run, kind):
        if dry_run:
            for row in todo:
                self.stdout.write("  " + _("would issue  %(email)s") % {"email": row.user.email})
            return
        batch = services.batch_create(
            rule=rule,
            requested_by=None,
            cohort=cohort_obj,
            user_ids=[r.user.pk for r in todo],
            kind=kind,
        )
        # On commit the job starts (immediately in dev; on the worker in production).
        self.stdout.write(
            "  "
            + _("queued job %(job)s for %(count)d certificates")
            % {"job": batch.pk, "count": batch.total}
        )
