"""Consent per purpose: the one place other apps ask whether a person agreed to something.

A consent record is never edited: giving consent adds a record, withdrawing it sets
``withdrawn_at`` at once. Other apps read :func:`consent_given` (lab publication and
photos hide what a person has not agreed to, at the moment they withdraw).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lms import caching
from lms import hooks as lms_hooks

from .models import ConsentRecord, Profile

Purpose = ConsentRecord.Purpose
Channel = ConsentRecord.Channel


def consent_given(user, purpose: str) -> bool:
    """Whether ``user`` currently consents to ``purpose`` (given and not withdrawn)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return ConsentRecord.objects.filter(
        user=user, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


def consent_withdrawn(user, purpose: str) -> bool:
    """Whether ``user`` gave consent to ``purpose`` and has withdrawn it (without giving
    it again): what they once allowed (a photo shown, lab work published) stops."""
    if user is None or not getattr(user, "pk", None):
        return False
    records = ConsentRecord.objects.filter(user=user, purpose=purpose)
    return records.exists() and not records.filter(withdrawn_at__isnull=True).exists()


def withdrawn_among(users, purpose: str) -> set[int]:
    """The ids of ``users`` who have withdrawn their consent to ``purpose`` (one query)."""
    ids = [user.pk for user in users]
    records = ConsentRecord.objects.filter(user_id__in=ids, purpose=purpose)
    given = set(records.values_list("user_id", flat=True))
    standing = set(records.filter(withdrawn_at__isnull=True).values_list("user_id", flat=True))
    return given - standing


def consent_pending(user) -> bool:
    """Whether ``user`` still has to give a consent the platform cannot run without
    (asked on every page: kept in the cache, forgotten when a consent record of theirs
    is written or withdrawn, see ``lms.caching``)."""
    return caching.consent_pending(user, _consent_pending)


def _consent_pending(user) -> bool:
    return any(not consent_given(user, purpose) for purpose in ConsentRecord.REQUIRED_PURPOSES)


def current_consents(user) -> dict[str, ConsentRecord]:
    """The standing record of each purpose ``user`` consents to, by purpose."""
    records = ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).order_by(
        "given_at"
    )
    return {record.purpose: record for record in records}


@transaction.atomic
def consent_give(*, user, purpose: str, language: str, channel: str) -> ConsentRecord:
    """Record that ``user`` consents to ``purpose`` (a no-op when it already stands)."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    standing = current_consents(user).get(purpose)
    if standing is not None:
        return standing
    return ConsentRecord.objects.create(
        user=user,
        purpose=purpose,
        text_version=settings.CONSENT_TEXT_VERSION,
        language=language,
        channel=channel,
        given_at=timezone.now(),
    )


@transaction.atomic
def consent_withdraw(*, user, purpose: str) -> int:
    """Withdraw ``user``'s consent to ``purpose`` now; returns how many records it closed.

    The apps make it take effect at once (``lms.hooks.CONSENT_WITHDRAWN``): the person's
    photos are hidden, their published lab work taken off the public pages."""
    closed = ConsentRecord.objects.filter(
        user=user, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    caching.forget_consent(user)  # a queryset update sends no signal
    if purpose == Purpose.STATISTICS:
        # Gender is held only under this consent: withdrawing it erases what was stated.
        Profile.objects.filter(user=user).update(gender="", gender_self_described="")
    if closed:
        lms_hooks.consent_withdrawn(user, purpose)
    return closed
