"""A second factor for staff (django-otp): a TOTP authenticator app and backup codes.

Who must use it is a setting, ``OTP_REQUIRED_FOR`` (``coordinator``, ``superuser``,
``trainer``): production requires it of coordinators and superusers; development and
the tests require it of nobody, so that the demo logins work with a password alone.
Anyone on the staff may enrol a device; once they have one, every login asks for it.

The password is checked by the ordinary login views (the site's and Wagtail's
``/admin/login/``), then ``TwoFactorMiddleware`` holds a staff session that has not
shown its second factor to the verification step (or, for someone who must have a
device and has none, to the enrolment step) until it does. django-otp keeps the
verified device in the session, refuses a TOTP code that was already used (the
device's ``last_t``), deletes a backup code once used, and slows down repeated wrong
codes (``OTP_TOTP_THROTTLE_FACTOR``).
"""

from __future__ import annotations

import logging

import django_otp
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from lms.roles import is_staff_role, role_names

logger = logging.getLogger("lms.security")

#: The values ``OTP_REQUIRED_FOR`` may hold.
REQUIREMENT_ROLES = frozenset({"superuser", "coordinator", "trainer"})
BACKUP_CODE_COUNT = 10
#: The views a staff session that still owes its second factor may reach.
OPEN_VIEWS = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:logout",
        "accounts:privacy",
        "set_language",
        "javascript-catalog",
        "wagtailadmin_logout",
        "healthz",
        "service_worker",
        "web_manifest",
    }
)


def required_roles() -> frozenset[str]:
    roles = frozenset(getattr(settings, "OTP_REQUIRED_FOR", ()) or ())
    unknown = roles - REQUIREMENT_ROLES
    if unknown:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"OTP_REQUIRED_FOR: unknown roles {sorted(unknown)}")
    return roles


def is_required_for(user) -> bool:
    """True if ``user`` must have a second factor under the current settings."""
    if not user.is_authenticated:
        return False
    roles = required_roles()
    if user.is_superuser:
        # A superuser holds every role: any requirement applies to them.
        return bool(roles)
    return bool(roles & role_names(user))


def has_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def totp_device(user, *, confirmed=True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def verify(user, token: str):
    """The device of ``user`` that accepts ``token`` (a TOTP code or a backup code), or
    ``None``; with the seconds to wait when the devices are throttled."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = "".join(token.split()).lower()
    # Digits are an app's code, anything else a backup code: each is tried on its own
    # kind of device only, so that a backup code does not count as a wrong app code.
    kind = TOTPDevice if token.isdigit() else StaticDevice
    wait = 0
    with transaction.atomic():
        for device in django_otp.devices_for_user(user, for_verify=True):
            if not isinstance(device, kind):
                continue
            allowed, data = device.verify_is_allowed()
            if not allowed:
                wait = max(wait, _seconds_left(data))
                continue
            if device.verify_token(token):
                return device, 0
    return None, wait


def _seconds_left(data) -> int:
    from django.utils import timezone

    until = (data or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, int((until - timezone.now()).total_seconds()) + 1)


def new_backup_codes(user) -> list[str]:
    """Replace ``user``'s backup codes with ``BACKUP_CODE_COUNT`` new ones."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_devices(user) -> int:
    """Delete every second-factor device of ``user``; the number removed."""
    removed = 0
    for model in django_otp.device_classes():
        count, _per_model = model.objects.filter(user=user).delete()
        removed += count
    return removed


def backup_codes_left(user) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user).count()


class TwoFactorMiddleware:
    """Holds a staff session that owes its second factor: to the verification step when
    the person has a device, to the enrolment step when they must have one and have none.

    After ``django_otp.middleware.OTPMiddleware`` (which tells whether the session is
    verified). Trainees never have a device and are never stopped here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        staff = user is not None and user.is_authenticated and is_staff_role(user)
        if staff and not user.is_verified():
            target = self._target(user)
            if target and not self._open(request, target):
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _target(user) -> str | None:
        if has_device(user):
            return "accounts:two_factor_verify"
        if is_required_for(user):
            return "accounts:two_factor"
        return None

    @staticmethod
    def _open(request, target: str) -> bool:
        path = request.path_info
        prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)
        if prefixes and path.startswith(prefixes):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name == target or match.view_name in OPEN_VIEWS
