import importlib

from django.conf import settings
from django.core.management.base import BaseCommand

from lms.accounts import demo as accounts_demo

# Each app that has demo data exposes ``demo.load()``; order follows the dependencies.
DEMO_APPS = ["content", "courses", "courses.lab", "assessments", "certificates"]


class Command(BaseCommand):
    help = "Load the demo site, content and one account per role. Safe to run again."

    def handle(self, *args, **options):
        logins = accounts_demo.load()
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            module.load()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo logins (password: {accounts_demo.DEMO_PASSWORD}):")
        for role, email in logins:
            self.stdout.write(f"  {role:<12} {email}")
        self.stdout.write(f"Site: {settings.SITE_URL}/   Admin: {settings.SITE_URL}/admin/")
