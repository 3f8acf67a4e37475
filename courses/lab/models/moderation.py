"""Hiding with a reason: facilitators moderate, nothing is deleted silently."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Moderated(models.Model):
    """Something a facilitator can hide; the reason is shown in its place."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


def hidden_needs_reason(name: str) -> models.CheckConstraint:
    """A hidden item always says why."""
    return models.CheckConstraint(
        condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""), name=name
    )
