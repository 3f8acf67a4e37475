"""The base of every project management command."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lms.i18n import activate_command_language


class ProjectCommand(BaseCommand):
    """A command that speaks the language of ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/
    ``LANG`` when it is one of the site's languages, else ``LANGUAGE_CODE``, as gettext
    programs do — however it is started (``manage.py`` or ``django-admin``). Code that
    calls a command with ``call_command`` keeps its own active language."""

    def run_from_argv(self, argv):
        activate_command_language()
        return super().run_from_argv(argv)
