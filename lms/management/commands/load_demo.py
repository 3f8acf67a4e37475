"""``manage.py load_demo``: the demo site, content and one account per role. Idempotent.

Each app's demo is a package (``<app>/demo/``) whose ``load()`` reads its data files;
the people are listed once, in ``lms/accounts/demo/people.toml``.
"""

import importlib

from django.conf import settings

from lms.accounts import demo as accounts_demo
from lms.management.base import ProjectCommand

# Demo packages with a ``load()``, in dependency order (after the accounts).
DEMO_MODULES = [
    "content.demo",
    "courses.demo",
    "courses.lab.demo",
    "assessments.demo",
    "assessments.demo.competencies",
    "certificates.demo",
]


class Command(ProjectCommand):
    help = "Load the demo site, content and one account per role. Safe to run again."

    def handle(self, *args, **options):
        logins = accounts_demo.load()
        for name in DEMO_MODULES:
            importlib.import_module(name).load()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo logins (password: {accounts_demo.DEMO_PASSWORD}):")
        for role, email in logins:
            self.stdout.write(f"  {role:<12} {email}")
        self.stdout.write(f"Site: {settings.SITE_URL}/   Admin: {settings.SITE_URL}/admin/")
