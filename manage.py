#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    # Commands speak the language of LANGUAGE/LC_ALL/LC_MESSAGES/LANG (see lms/i18n.py).
    from lms.i18n import activate_command_language

    activate_command_language()
    execute_from_command_line(sys.argv)
