"""What a phone sent while offline: one row per action, so a replay changes nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfflineAction(models.Model):
    """An action queued on a trainee's phone (outbox) and received by the sync endpoint.

    ``key`` is made by the phone for each action; the unique (user, key) pair makes a
    sync that is sent twice (a lost answer, a retry) record it once. ``outcome`` is what
    the first sync answered, and what every replay answers again.
    """

    class Kind(models.TextChoices):
        COMPLETE = "complete", _("Lesson marked complete")
        JOURNAL = "journal", _("Journal entry")
        QUIZ = "quiz", _("Practice quiz answers")

    class Outcome(models.TextChoices):
        DONE = "done", _("Saved")
        NOT_ENROLLED = "not_enrolled", _("Not enrolled")
        NOT_FOUND = "not_found", _("Lesson not found")
        NEEDS_CONNECTION = "needs_connection", _("Needs a connection")
        CLOSED = "closed", _("Already submitted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_actions"
    )
    key = models.CharField(_("idempotency key"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    received_at = models.DateTimeField(_("received on"), auto_now_add=True)

    class Meta:
        verbose_name = _("offline action")
        verbose_name_plural = _("offline actions")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="offline_action_unique_user_key")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
