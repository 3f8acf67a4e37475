"""Signing in with a code by text message (issue 19, item 3): also "password reset by phone".

A person types their phone number on ``/accounts/sms/`` (``accounts:sms_sign_in``).
If it is the number of an active trainee account (never staff: they use a password
and a second factor), :func:`sms_code_send` texts a 6-digit code through the
notifications message log (``phone_code_send``: logged, within
``NOTIFICATIONS_DAILY_LIMIT``). Whatever the number, the answer is the same, so the
page never says who has an account. On ``/accounts/sms/code/``
(``accounts:sms_code``) the right code signs the person in once through
:class:`SmsCodeBackend` and ``one_time_sign_in``, so ``PasswordRequiredMiddleware``
then asks them to choose a (new) password.

Rules: a keyed digest of the code is stored (HMAC with ``SECRET_KEY``), never the code;
it lasts ``SMS_CODE_VALID_MINUTES``; ``SMS_CODE_MAX_TRIES`` wrong tries cancel it (also
counted per browser session, so an unknown number behaves the same); it works once; a
new code cancels the earlier ones. Sending is limited per number and per visitor
address (``SMS_CODE_RATE_PER_NUMBER`` / ``SMS_CODE_RATE_PER_ADDRESS`` an hour, counted
in the shared cache); wrong codes also count in django-axes for the pair (number,
address), like wrong passwords.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from lms.client_address import client_address
from lms.roles import is_staff_role

from .models import Profile, SmsSignInCode

BACKEND = "lms.accounts.sms_codes.SmsCodeBackend"

#: Why a code does not work, as the person reads it.
REFUSALS = {
    "wrong": _("This code is not right. Check the text message and try again."),
    "expired": _("This code has expired. Ask for a new code."),
    "used": _("This code was already used. Ask for a new code."),
    "too_many": _("Too many wrong codes. Wait one hour, then ask for a new code."),
}


class SmsCodeError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
        self.message = REFUSALS[code]


def valid_minutes() -> int:
    return int(getattr(settings, "SMS_CODE_VALID_MINUTES", 10))


def max_tries() -> int:
    return int(getattr(settings, "SMS_CODE_MAX_TRIES", 5))


def code_digest(code: str) -> str:
    return salted_hmac("lms.accounts.sms_codes", code.strip(), algorithm="sha256").hexdigest()


def account_for_phone(phone: str):
    """The active trainee account with this (E.164) number, or None (staff: None)."""
    profile = (
        Profile.objects.select_related("user")
        .filter(phone=phone, user__is_active=True)
        .exclude(phone="")
        .first()
    )
    if profile is None:
        return None
    user = profile.user
    if user.is_superuser or user.is_staff or is_staff_role(user):
        return None
    return user


def _count(key: str) -> int:
    cache.add(key, 0, timeout=3700)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3700)
        return 1


def sending_allowed(request, phone: str) -> bool:
    """Count one request to send a code; False beyond the hourly limits (per number,
    per visitor address), whether or not the number has an account."""
    hour = int(time.time() // 3600)
    by_number = _count(f"sms-code:number:{phone}:{hour}")
    by_address = _count(f"sms-code:address:{client_address(request)}:{hour}")
    return by_number <= int(getattr(settings, "SMS_CODE_RATE_PER_NUMBER", 3)) and (
        by_address <= int(getattr(settings, "SMS_CODE_RATE_PER_ADDRESS", 10))
    )


def sms_code_send(*, phone: str) -> SmsSignInCode | None:
    """Text a new code to ``phone`` if it is a trainee account's number (cancelling the
    earlier codes); None, and nothing sent, otherwise."""
    from lms.notifications.services import phone_code_send, recipient_language

    user = account_for_phone(phone)
    if user is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        SmsSignInCode.objects.filter(
            user=user, used_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=now)
        _message, code = phone_code_send(user=user, phone=phone, language=recipient_language(user))
        return SmsSignInCode.objects.create(
            user=user,
            code_digest=code_digest(code),
            expires_at=now + timedelta(minutes=valid_minutes()),
        )


def sms_code_redeem(*, phone: str, code: str):
    """The person the latest code for ``phone`` signs in, once; ``SmsCodeError``
    (wrong, expired, used, too_many) otherwise. A wrong code counts a try (kept: the
    error is raised after the transaction)."""
    user, refusal = _redeem(phone, code)
    if refusal:
        raise SmsCodeError(refusal)
    return user


@transaction.atomic
def _redeem(phone: str, code: str):
    user = account_for_phone(phone)
    row = (
        SmsSignInCode.objects.select_for_update().filter(user=user).order_by("-pk").first()
        if user is not None
        else None
    )
    if row is None:
        return None, "wrong"
    matches = constant_time_compare(row.code_digest, code_digest(code))
    if row.used_at is not None:
        return None, "used" if matches else "wrong"
    if row.tries >= max_tries():
        return None, "too_many"
    if row.cancelled_at is not None:
        return None, "wrong"
    if not matches:
        row.tries += 1
        if row.tries >= max_tries():
            row.cancelled_at = timezone.now()
        row.save(update_fields=["tries", "cancelled_at"])
        return None, "too_many" if row.tries >= max_tries() else "wrong"
    if row.expires_at <= timezone.now():
        return None, "expired"
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    profile = user.profile
    if profile.phone_verified_at is None:  # the code reached this phone: it is theirs
        profile.phone_verified_at = row.used_at
        profile.save(update_fields=["phone_verified_at"])
    return user, ""


class SmsCodeBackend(BaseBackend):
    """Authenticates ``username=<E.164 number>, sms_code=...`` (nothing else). The
    number is passed as ``username`` so django-axes counts wrong codes per number and
    address."""

    def authenticate(self, request, username=None, sms_code=None, **kwargs):
        if not sms_code or not username:
            return None
        try:
            return sms_code_redeem(phone=username, code=sms_code)
        except SmsCodeError as error:
            if request is not None:
                request.sms_code_error = error
            return None

    def get_user(self, user_id):
        from lms.caching import signed_in_user

        return signed_in_user(user_id)
