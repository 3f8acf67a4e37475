"""Session reminders for ``lms.notifications`` (the ``NOTIFICATIONS_DUE`` hook)."""

from __future__ import annotations

from datetime import timedelta

from lms import hooks as lms_hooks

from .models import SessionRegistration

DAY_BEFORE = timedelta(hours=24)
HOURS_BEFORE = timedelta(hours=2)


def session_reminders_due(*, now) -> list[lms_hooks.DueNotification]:
    """Everyone with a place in a session starting within 24 hours: the 24-hour
    reminder, or the 2-hour one once it starts within 2 hours (one query)."""
    registrations = SessionRegistration.objects.filter(
        session__starts_at__gt=now, session__starts_at__lte=now + DAY_BEFORE
    ).select_related("user__profile", "session")
    due = []
    for registration in registrations:
        soon = registration.session.starts_at - now <= HOURS_BEFORE
        due.append(
            lms_hooks.DueNotification(
                user=registration.user,
                kind="session_2h" if soon else "session_24h",
                key=f"session-{registration.session_id}-{'2h' if soon else '24h'}",
                url_name="courses:dashboard",
            )
        )
    return due
