"""Reminders: opt-ins per channel, queueing what apps say is due, delivering, logging.

The flow (``manage.py send_reminders``, from cron every few minutes):

1. :func:`reminders_queue` asks every app what is due (``lms.hooks.NOTIFICATIONS_DUE``)
   and adds one *queued* :class:`~.models.Message` per person, key and channel the
   person opted in to (the unique key makes a second run add nothing);
2. :func:`deliver_queued` (a task: the ``db_worker`` in production, at once in
   development) sends each queued message, or marks it *skipped* with the reason: the
   opt-in was withdrawn meanwhile, no address, the daily limit reached. A provider's
   refusal is *failed*, with its error. Nothing is retried: the log says what happened.

Bodies hold the first name and one link, in the recipient's preferred language.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lms import hooks as lms_hooks
from lms import sms
from lms.accounts.consents import Purpose, consent_give, consent_given, consent_withdraw
from lms.accounts.models import ConsentRecord

from .models import Channel, Kind, Message

PURPOSE = {Channel.EMAIL: Purpose.REMINDERS_EMAIL, Channel.SMS: Purpose.REMINDERS_SMS}
CHANNEL_OF_PURPOSE = {purpose: channel for channel, purpose in PURPOSE.items()}


def daily_limit() -> int:
    return int(getattr(settings, "NOTIFICATIONS_DAILY_LIMIT", 5))


# --- Opt-ins -----------------------------------------------------------------------


def opted_in(user, channel: str) -> bool:
    """Whether ``user`` currently accepts reminders on ``channel``."""
    return consent_given(user, PURPOSE[channel])


def opt_in(*, user, channel: str, language: str) -> ConsentRecord:
    """Record ``user``'s opt-in to reminders on ``channel`` (a consent record)."""
    return consent_give(
        user=user,
        purpose=PURPOSE[channel],
        language=language,
        channel=ConsentRecord.Channel.REMINDERS_PAGE,
    )


def opt_out(*, user, channel: str) -> int:
    """Withdraw the opt-in; the person's queued messages on ``channel`` are skipped at
    once (``messages_skip_withdrawn``, through the ``CONSENT_WITHDRAWN`` hook)."""
    return consent_withdraw(user=user, purpose=PURPOSE[channel])


def messages_skip_withdrawn(*, user, channel: str) -> int:
    """Mark ``user``'s queued messages on ``channel`` skipped: the opt-in was withdrawn."""
    return Message.objects.filter(user=user, channel=channel, status=Message.Status.QUEUED).update(
        status=Message.Status.SKIPPED,
        reason="opt-in withdrawn before sending",
        finished_at=timezone.now(),
    )


# --- Words -------------------------------------------------------------------------


def recipient_language(user) -> str:
    profile = getattr(user, "profile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def first_name(user) -> str:
    """The first name only: a message may be read by whoever holds the phone."""
    if user.first_name.strip():
        return user.first_name.split()[0]
    profile = getattr(user, "profile", None)
    display = (getattr(profile, "display_name", "") or "").split()
    return display[0] if display else ""


def _sentences() -> dict[str, str]:
    return {
        Kind.SESSION_24H: _("Your workshop session starts within 24 hours."),
        Kind.SESSION_2H: _("Your workshop session starts in less than 2 hours."),
        Kind.CERTIFICATE_READY: _("Your certificate is ready."),
        Kind.PROPOSAL_RESPONSE: _("Your proposal got a response."),
        Kind.QUIZ_CLOSES: _("A quiz closes tomorrow. Remember to submit it."),
    }


def compose(message: Message, user) -> tuple[str, str]:
    """The subject and body of ``message`` in its language (active language inside)."""
    with translation.override(message.language):
        sentence = _sentences()[message.kind]
        name = first_name(user)
        greeting = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
        subject = _("Impact LMS: %(what)s") % {"what": sentence}
        if message.channel == Channel.SMS:
            return subject, f"Impact LMS: {greeting} {sentence} {message.link}".strip()
        stop = settings.SITE_URL + reverse("notifications:reminders")
        body = "\n\n".join(
            [
                greeting,
                sentence,
                message.link,
                _("To change or stop these reminders: %(url)s") % {"url": stop},
            ]
        )
        return subject, body + "\n"


def _link(item: lms_hooks.DueNotification, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(item.url_name, kwargs=item.url_kwargs or None)


# --- Queueing ----------------------------------------------------------------------


def reminders_queue(*, now=None) -> int:
    """Queue every due reminder on each channel its person opted in to; how many were
    added (a key already queued or sent on a channel is not added again)."""
    now = now or timezone.now()
    due = lms_hooks.notifications_due(now)
    if not due:
        return 0
    user_ids = {item.user.pk for item in due}
    standing = set(
        ConsentRecord.objects.filter(
            user_id__in=user_ids, purpose__in=PURPOSE.values(), withdrawn_at__isnull=True
        ).values_list("user_id", "purpose")
    )
    existing = set(
        Message.objects.filter(user_id__in=user_ids, key__in={i.key for i in due}).values_list(
            "user_id", "channel", "key"
        )
    )
    added = 0
    for item in due:
        if not item.user.is_active:
            continue
        language = recipient_language(item.user)
        for channel, purpose in PURPOSE.items():
            if (item.user.pk, purpose) not in standing:
                continue
            if (item.user.pk, channel, item.key) in existing:
                continue
            try:
                with transaction.atomic():
                    Message.objects.create(
                        user=item.user,
                        channel=channel,
                        kind=item.kind,
                        key=item.key[:120],
                        language=language,
                        link=_link(item, language),
                    )
            except IntegrityError:
                continue  # another worker queued it first
            existing.add((item.user.pk, channel, item.key))
            added += 1
    return added


# --- Delivery ----------------------------------------------------------------------


def _sent_today(user_id, channel, now) -> int:
    return Message.objects.filter(
        user_id=user_id,
        channel=channel,
        status=Message.Status.SENT,
        finished_at__gte=now - timedelta(days=1),
    ).count()


def _address(message: Message, user) -> str:
    if message.channel == Channel.EMAIL:
        return user.email or ""
    profile = getattr(user, "profile", None)
    if profile is None or not profile.phone or profile.phone_verified_at is None:
        return ""
    return profile.phone


def _finish(message: Message, status: str, *, reason="", provider_id="", address=""):
    message.status = status
    message.reason = reason[:300]
    message.provider_id = provider_id[:200]
    message.address = address
    message.finished_at = timezone.now()
    message.save(update_fields=["status", "reason", "provider_id", "address", "finished_at"])


def _send_email(message: Message, user, address: str) -> sms.SmsResult:
    subject, body = compose(message, user)
    email = EmailMessage(subject=subject, body=body, to=[address])
    email.extra_headers["Content-Language"] = message.language
    email.extra_headers["Message-ID"] = (
        f"<reminder-{message.pk}-{secrets.token_hex(6)}@{settings.SITE_URL.split('://')[-1]}>"
    )
    try:
        email.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - every SMTP failure is a failed message, logged
        return sms.SmsResult(sms.SmsResult.FAILED, error=f"{type(exc).__name__}: {exc}"[:300])
    return sms.SmsResult(sms.SmsResult.SENT, provider_id=email.extra_headers["Message-ID"])


def message_deliver(message_id: int, *, now=None) -> str | None:
    """Send one queued message or say why not; its final status (None: not queued)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user__profile")
            .filter(pk=message_id, status=Message.Status.QUEUED)
            .first()
        )
        if message is None:
            return None
        user = message.user
        if not user.is_active:
            _finish(message, Message.Status.SKIPPED, reason="account inactive")
        elif message.kind != Kind.PHONE_CODE and not opted_in(user, message.channel):
            _finish(message, Message.Status.SKIPPED, reason="opt-in withdrawn before sending")
        elif not (address := _address(message, user)):
            reason = (
                "no e-mail address"
                if message.channel == Channel.EMAIL
                else ("no verified phone number")
            )
            _finish(message, Message.Status.SKIPPED, reason=reason)
        elif _sent_today(user.pk, message.channel, now) >= daily_limit():
            _finish(
                message,
                Message.Status.SKIPPED,
                reason=f"daily limit of {daily_limit()} messages reached",
                address=address,
            )
        else:
            if message.channel == Channel.EMAIL:
                result = _send_email(message, user, address)
            else:
                result = sms.send_sms(address, compose(message, user)[1])
            status = Message.Status.SENT if result.ok else Message.Status.FAILED
            _finish(
                message,
                status,
                reason=result.error,
                provider_id=result.provider_id,
                address=address,
            )
        return message.status


def deliver_queued(*, now=None) -> dict[str, int]:
    """Deliver every queued message, oldest first; counts per final status."""
    counts: dict[str, int] = {}
    ids = list(
        Message.objects.filter(status=Message.Status.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    for message_id in ids:
        status = message_deliver(message_id, now=now)
        if status:
            counts[status] = counts.get(status, 0) + 1
    return counts


@task()
def deliver_queued_task() -> dict[str, int]:
    """The worker's side of ``send_reminders``."""
    return deliver_queued()


# --- Phone number check --------------------------------------------------------------

CODE_LIFETIME = timedelta(minutes=10)


def phone_code_send(*, user, phone: str, language: str) -> tuple[Message, str]:
    """Send a 6-digit code to ``phone`` so ``user`` proves it is theirs; the message
    (logged, within the daily limit, no opt-in needed: the person asked) and the code."""
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():  # the worker never sees it queued
        return _phone_code_send(user, phone, language, code), code


def _phone_code_send(user, phone, language, code) -> Message:
    message = Message.objects.create(
        user=user,
        channel=Channel.SMS,
        kind=Kind.PHONE_CODE,
        key=f"phone-code-{secrets.token_hex(8)}",
        language=language,
    )
    if _sent_today(user.pk, Channel.SMS, timezone.now()) >= daily_limit():
        _finish(
            message,
            Message.Status.SKIPPED,
            reason=f"daily limit of {daily_limit()} messages reached",
            address=phone,
        )
        return message
    with translation.override(language):
        body = _("Impact LMS: your code is %(code)s. It works for 10 minutes.") % {"code": code}
    result = sms.send_sms(phone, body)
    _finish(
        message,
        Message.Status.SENT if result.ok else Message.Status.FAILED,
        reason=result.error,
        provider_id=result.provider_id,
        address=phone,
    )
    return message


def phone_confirm(*, user, phone: str):
    """Save ``phone`` as ``user``'s verified number."""
    profile = user.profile
    profile.phone = phone
    profile.phone_verified_at = timezone.now()
    profile.full_clean()
    profile.save(update_fields=["phone", "phone_verified_at"])
    return profile


def phone_remove(*, user) -> None:
    """Forget ``user``'s number; SMS reminders stop (they need a verified number)."""
    profile = user.profile
    profile.phone = ""
    profile.phone_verified_at = None
    profile.save(update_fields=["phone", "phone_verified_at"])


# --- Reading -------------------------------------------------------------------------


def recent_messages(user, *, limit: int = 20) -> list[Message]:
    return list(Message.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])


def personal_data(user) -> dict:
    """The ``notifications`` section of the personal-data export."""
    return {
        "notifications": {
            "messages": [
                {
                    "channel": m.channel,
                    "kind": m.kind,
                    "language": m.language,
                    "link": m.link,
                    "sent_to": m.address,
                    "status": m.status,
                    "reason": m.reason,
                    "provider_id": m.provider_id,
                    "queued_at": m.created_at.isoformat(),
                    "finished_at": m.finished_at.isoformat() if m.finished_at else None,
                }
                for m in Message.objects.filter(user=user).order_by("created_at", "pk")
            ]
        }
    }
