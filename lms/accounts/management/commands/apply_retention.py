"""Apply the retention schedule (lms/retention.py); run it daily from cron."""

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lms.management.base import ProjectCommand
from lms.retention import SCHEDULE, apply_retention


class Command(ProjectCommand):
    help = "Delete what the retention schedule says is due, and log it (--dry-run: only count)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")
        parser.add_argument("--now", help="Apply as at this ISO date-time (tests, catch-up).")

    def handle(self, *args, dry_run=False, now=None, **options):
        at = parse_datetime(now) if now else timezone.now()
        if at is None:
            raise CommandError(_("--now: not an ISO date-time: %(value)s") % {"value": now})
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        done = apply_retention(now=at, dry_run=dry_run)
        line = (
            _("%(rule)s: would remove %(count)s") if dry_run else _("%(rule)s: removed %(count)s")
        )
        for rule in SCHEDULE:
            self.stdout.write(line % {"rule": rule.key, "count": done[rule.key]})
