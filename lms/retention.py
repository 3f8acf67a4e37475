"""The retention schedule: how long each category of personal data is kept, why, and
what happens at the end. The one source of it: ``manage.py apply_retention`` applies
these rules (daily, from cron) and the privacy page lists them.

Each rule finds what is due at ``now`` and, unless it is a dry run, deletes it; the
command records every run, dry or not, in ``RetentionLogEntry`` (append-only).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class RetentionRule:
    key: str
    category: str  # what is kept (translated)
    period: Callable[[], str]  # how long (translated, with the configured figure)
    basis: str  # why (translated)
    due: Callable[[datetime.datetime], list]  # the records due at ``now``
    remove: Callable[[list], None]


def _years(n):
    return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}


def _months(n):
    return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}


def _days(n):
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _audit_cutoff(now):
    return now - datetime.timedelta(days=365 * settings.RETENTION_AUDIT_YEARS)


# --- Registers, certificates and consent records of erased people -------------------


def _pseudonymised_records_due(now) -> list:
    from django.apps import apps

    cutoff = _audit_cutoff(now)
    erased = {"user__username__startswith": "erased-", "user__is_active": False}
    attendance = apps.get_model("courses", "AttendanceEntry")
    certificate = apps.get_model("certificates", "Certificate")
    consent = apps.get_model("accounts", "ConsentRecord")
    return [
        *attendance.objects.filter(session__starts_at__lt=cutoff, **erased),
        *certificate.objects.filter(issued_at__lt=cutoff, **erased),
        *consent.objects.filter(given_at__lt=cutoff, **erased),
    ]


def _remove_pseudonymised(records: list) -> None:
    from django.contrib.auth import get_user_model

    from lms.db import allow_erasure

    allow_erasure()  # the registers are append-only
    pseudonyms = {record.user_id for record in records}
    for record in records:
        type(record).objects.filter(pk=record.pk).delete()
    user_model = get_user_model()
    for pseudonym in user_model.objects.filter(pk__in=pseudonyms):
        linked = (
            pseudonym.attendance_entries.exists()
            or pseudonym.certificates.exists()
            or pseudonym.consents.exists()
        )
        if not linked:
            pseudonym.delete()


# --- Journals and reflections ---------------------------------------------------------


def _journals_due(now) -> list:
    from django.apps import apps

    months = settings.RETENTION_JOURNAL_MONTHS
    # Programme end + N months (months counted as 30 days: a day early rather than late).
    ended_before = (now - datetime.timedelta(days=30 * months)).date()
    enrollment = apps.get_model("courses", "Enrollment")
    journal = apps.get_model("courses", "JournalEntry")
    ended = enrollment.objects.filter(cohort__ends_on__lt=ended_before).values_list(
        "user_id", "course_id"
    )
    due = []
    for user_id, course_id in ended:
        within = _course_path(course_id)
        due.extend(journal.objects.filter(user_id=user_id, lesson__path__startswith=within))
    return due


def _course_path(course_id) -> str:
    from wagtail.models import Page

    return Page.objects.values_list("path", flat=True).get(pk=course_id)


def _remove_each(records: list) -> None:
    for record in records:
        type(record).objects.filter(pk=record.pk).delete()


# --- Accounts nobody ever used -------------------------------------------------------


def _unconfirmed_due(now) -> list:
    from django.contrib.auth import get_user_model

    from lms.accounts.consents import consent_pending
    from lms.roles import is_staff_role

    cutoff = now - datetime.timedelta(days=settings.RETENTION_UNCONFIRMED_DAYS)
    candidates = get_user_model().objects.filter(
        last_login__isnull=True, date_joined__lt=cutoff, is_active=True, is_superuser=False
    )
    return [u for u in candidates if not is_staff_role(u) and consent_pending(u)]


def _erase_accounts(users: list) -> None:
    from lms.accounts.services import user_erase

    for user in users:
        user_erase(user=user)


SCHEDULE: tuple[RetentionRule, ...] = (
    RetentionRule(
        key="audit_records",
        category=_(
            "Attendance registers, certificates and consent records of people who erased "
            "their account (kept under a pseudonym)"
        ),
        period=lambda: (
            _("%(period)s after the session, the issue or the consent")
            % {"period": _years(settings.RETENTION_AUDIT_YEARS)}
        ),
        basis=_("The funder's audit of the programme (GDPR Art. 17(3)(b))"),
        due=_pseudonymised_records_due,
        remove=_remove_pseudonymised,
    ),
    RetentionRule(
        key="journals",
        category=_("Journal entries and reflections"),
        period=lambda: (
            _("%(period)s after the end of your programme")
            % {"period": _months(settings.RETENTION_JOURNAL_MONTHS)}
        ),
        basis=_("Your training: you can read them again after the programme"),
        due=_journals_due,
        remove=_remove_each,
    ),
    RetentionRule(
        key="unconfirmed_accounts",
        category=_("Accounts created for someone who never logged in nor gave consent"),
        period=lambda: (
            _("%(period)s after the account was created")
            % {"period": _days(settings.RETENTION_UNCONFIRMED_DAYS)}
        ),
        basis=_("Enrolment by the programme: the person is asked to confirm at the first login"),
        due=_unconfirmed_due,
        remove=_erase_accounts,
    ),
)


def schedule_rows() -> list[dict[str, str]]:
    """The schedule as the privacy page lists it, in the active language."""
    return [
        {"category": str(rule.category), "period": str(rule.period()), "basis": str(rule.basis)}
        for rule in SCHEDULE
    ]


def apply_retention(*, now: datetime.datetime, dry_run: bool = False) -> dict[str, int]:
    """Apply every rule at ``now``; how many records each removed (or would remove).
    Each run is logged, one entry per rule."""
    from lms.accounts.models import RetentionLogEntry

    done = {}
    for rule in SCHEDULE:
        with transaction.atomic():
            due = rule.due(now)
            if due and not dry_run:
                rule.remove(due)
            RetentionLogEntry.objects.create(
                rule=rule.key, count=len(due), dry_run=dry_run, applied_for=now
            )
        done[rule.key] = len(due)
    return done
