"""The message log: every reminder or code sent (or not) by e-mail or SMS."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")


class Kind(models.TextChoices):
    SESSION_24H = "session_24h", _("Workshop session tomorrow")
    SESSION_2H = "session_2h", _("Workshop session in 2 hours")
    CERTIFICATE_READY = "certificate_ready", _("Certificate ready")
    PROPOSAL_RESPONSE = "proposal_response", _("Answer to a proposal")
    QUIZ_CLOSES = "quiz_closes", _("Quiz closes tomorrow")
    PHONE_CODE = "phone_code", _("Code to check a phone number")


class Message(models.Model):
    """One message to one person on one channel, and what became of it.

    A row is created *queued* and moves once to *sent*, *failed* or *skipped* (with the
    reason); after that it is never changed nor deleted (an audit log). ``key`` names
    what the message is about ("session-12-24h"): one person gets one message per key
    and channel, however often the worker runs. The body is not stored: it holds only
    the first name and a link, rebuilt from ``kind`` and ``link``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not delivered")
        SKIPPED = "skipped", _("Not sent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_messages"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    key = models.CharField(_("about"), max_length=120)
    language = models.CharField(_("language"), max_length=8)
    link = models.URLField(_("link"), max_length=500, blank=True)
    address = models.CharField(_("sent to"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    provider_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "channel", "key"], name="notifications_one_message_per_key"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="notifications_status_idx")]

    def __str__(self):
        return f"{self.user_id} · {self.channel} · {self.key} · {self.status}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored != self.Status.QUEUED:
                raise ValueError("A message that is no longer queued is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The message log is append-only; messages go with their account.")
