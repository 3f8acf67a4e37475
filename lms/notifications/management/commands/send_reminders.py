"""Queue the reminders that are due and hand them to the task worker."""

from django.utils.translation import ngettext

from lms.management.base import ProjectCommand
from lms.notifications import services


class Command(ProjectCommand):
    help = (
        "Queue every reminder that is due (sessions in 24 h and 2 h, certificates ready, "
        "answers to proposals, quizzes closing tomorrow) on the channels each person "
        "opted in to, and deliver the queue through the task worker. Run it from cron "
        "every 10 minutes; running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-only",
            action="store_true",
            help="Queue what is due but do not hand the queue to the worker.",
        )

    def handle(self, *args, **options):
        # Each message is queued in its own transaction (lms.notifications.services),
        # so the worker sees them all when the task is enqueued.
        added = services.reminders_queue()
        if not options["queue_only"]:
            services.deliver_queued_task.enqueue()
        self.stdout.write(
            ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", added)
            % {"count": added}
        )
