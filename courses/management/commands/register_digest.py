"""Print a session register's canonical content and its SHA-256 (the one in the
footer of its PDF), so that anyone can recompute the digest."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from courses.models import WorkshopSession
from courses.selectors import canonical_json, register_content, register_sha256
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Print a session register's canonical JSON (with --json) and its SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("session", type=int, help="the workshop session's id")
        parser.add_argument("--json", action="store_true", help="also print the canonical JSON")

    def handle(self, *args, session, json=False, **options):
        found = WorkshopSession.objects.filter(pk=session).first()
        if found is None:
            raise CommandError(_("session: no workshop session with id %(id)s") % {"id": session})
        content = register_content(found)
        if json:
            self.stdout.write(canonical_json(content).decode())
        self.stdout.write(register_sha256(content))
