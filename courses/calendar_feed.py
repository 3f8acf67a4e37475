"""The personal calendar feed (``/calendar/<secret>.ics``): a trainee's workshop sessions
and quiz deadlines, for the calendar app on their phone.

The address is a secret, like a private calendar address in any calendar service: the
calendar app fetches it without a login. So the feed says no more than the dashboard
does (titles, times, places, links; no other person's name) and resetting the secret
on the calendar page makes the old address answer 404 at once. Each app adds its own
events through the ``CALENDAR_EVENTS`` hook; the reminders (24 h and 2 h before a
session, a day before a quiz closes) are alarms the phone raises itself, so they arrive
offline and no message about the person leaves the site.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from lms import hooks as lms_hooks
from lms.accounts.consents import consent_pending
from lms.i18n import active_language, translations_in

from .models import CalendarFeed, SessionRegistration

#: How far back the feed reaches, so that a calendar keeps the recent past.
HISTORY = timedelta(days=90)
SESSION_REMINDERS = (timedelta(hours=24), timedelta(hours=2))


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed with secret ``token`` whose owner may still be served, else None."""
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active or consent_pending(feed.user):
        return None
    return feed


def enable(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset(user) -> CalendarFeed:
    """A new secret: the old address stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = CalendarFeed._meta.get_field("token").default()
            feed.reset_at = timezone.now()
            feed.save(update_fields=["token", "reset_at"])
    return feed


def disable(user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def session_events(*, user, since, base_url) -> list[lms_hooks.CalendarEvent]:
    """The sessions ``user`` has a place in (one query)."""
    registrations = (
        SessionRegistration.objects.filter(user=user, session__starts_at__gte=since)
        .select_related("session__cohort", "session__course")
        .order_by("session__starts_at")
    )
    registrations = list(registrations)
    courses = translations_in(
        [r.session.course for r in registrations], active_language(), specific=False
    )
    dashboard = base_url + reverse("courses:dashboard")
    events = []
    for registration in registrations:
        session = registration.session
        hours = float(session.hours)
        course = courses.get(session.course.translation_key, session.course)
        lines = [course.title, session.cohort.name]
        if session.online_url:
            lines.append(_("Online link: %(url)s") % {"url": session.online_url})
        if session.description:
            lines.append(session.description)
        events.append(
            lms_hooks.CalendarEvent(
                uid=f"session-{session.pk}",
                title=session.title,
                starts_at=session.starts_at,
                ends_at=session.starts_at + timedelta(hours=hours),
                location=session.place or session.online_url,
                url=dashboard,
                description="\n".join(lines),
                reminders=SESSION_REMINDERS,
            )
        )
    return events


def render(feed: CalendarFeed, *, base_url: str, now=None) -> bytes:
    """The feed as iCalendar (RFC 5545) text, in the active language."""
    now = now or timezone.now()
    host = base_url.split("://", 1)[-1]
    calendar = Calendar()
    calendar.add("prodid", "-//Impact LMS//calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("Impact LMS: my sessions and deadlines")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = now.replace(microsecond=0)
    for item in lms_hooks.calendar_events(feed.user, now - HISTORY, base_url):
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        event.add("dtstart", item.starts_at)
        if item.ends_at is not None:
            event.add("dtend", item.ends_at)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.description:
            event.add("description", item.description)
        for before in item.reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.title)
            alarm.add("trigger", -before)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
