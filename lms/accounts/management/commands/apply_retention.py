"""Apply the retention schedule (lms/retention.py); run it daily from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lms.retention import SCHEDULE, apply_retention


class Command(BaseCommand):
    help = "Delete what the retention schedule says is due, and log it (--dry-run: only count)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")
        parser.add_argument("--now", help="Apply as at this ISO date-time (tests, catch-up).")

    def handle(self, *args, dry_run=False, now=None, **options):
        at = parse_datetime(now) if now else timezone.now()
        if at is None:
            raise SystemExit(f"--now: not an ISO date-time: {now}")
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        done = apply_retention(now=at, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for rule in SCHEDULE:
            self.stdout.write(f"{rule.key}: {verb} {done[rule.key]}")
