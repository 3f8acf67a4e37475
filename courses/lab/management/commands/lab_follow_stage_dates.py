"""``manage.py lab_follow_stage_dates``: open and close lab stages by their dates.

Facilitators can still open and close stages by hand; this only applies the dates
they set (see ``services.stages_follow_dates``). Run it daily, shortly after midnight.
"""

from django.utils.translation import gettext as _

from courses.lab.services import stages_follow_dates
from lms.management.base import ProjectCommand


class Command(ProjectCommand):
    help = "Open lab stages whose opening date has come and close those past their closing date."

    def handle(self, *args, **options):
        opened, closed = stages_follow_dates()
        self.stdout.write(
            _("Lab stages opened: %(opened)d, closed: %(closed)d.")
            % {"opened": opened, "closed": closed}
        )
