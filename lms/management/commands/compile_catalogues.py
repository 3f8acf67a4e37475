from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.utils.translation import ngettext

from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Compile every .po catalogue of the project to .mo (pure Python, no gettext needed)."

    def handle(self, *args, **options):
        roots = [Path(p) for p in settings.LOCALE_PATHS]
        base = Path(settings.BASE_DIR).resolve()
        for config in apps.get_app_configs():
            path = Path(config.path).resolve()
            if path.is_relative_to(base) and ".venv" not in path.parts:
                roots.append(path / "locale")
        compiled = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        if compiled:
            self.stdout.write(
                ngettext(
                    "Compiled %(count)d catalogue.", "Compiled %(count)d catalogues.", compiled
                )
                % {"count": compiled}
            )
