""" "Your certificate is ready" for ``lms.notifications`` (``NOTIFICATIONS_DUE``)."""

from __future__ import annotations

from datetime import timedelta

from lms import hooks as lms_hooks

from .models import Certificate

RECENT = timedelta(days=7)


def certificates_ready_due(*, now) -> list[lms_hooks.DueNotification]:
    """The holder of each valid certificate issued in the last week (one query)."""
    certificates = Certificate.objects.filter(
        state=Certificate.State.VALID,
        user__isnull=False,
        issued_at__gt=now - RECENT,
        issued_at__lte=now,
    ).select_related("user__profile")
    return [
        lms_hooks.DueNotification(
            user=certificate.user,
            kind="certificate_ready",
            key=f"certificate-{certificate.pk}",
            url_name="certificates:mine",
        )
        for certificate in certificates
    ]
