"""``manage.py close_expired_attempts``: close and grade attempts whose time is over.

Attempts also close themselves when their owner next opens the quiz; run this from a
timer (e.g. every few minutes) so that grades and the graded-attempt hooks do not wait.
"""

from django.utils.translation import ngettext

from assessments.services import attempts_close_expired
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Close and grade every open quiz attempt whose time limit (plus grace) is over."

    def handle(self, *args, **options):
        count = attempts_close_expired()
        # In the language of LANGUAGE/LC_ALL/LC_MESSAGES/LANG (manage.py activates it).
        self.stdout.write(
            ngettext("Closed %(count)d attempt.", "Closed %(count)d attempts.", count)
            % {"count": count}
        )
