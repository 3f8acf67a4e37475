"""The staff second factor's pages: enrolment and management, the verification step
after the password, the backup codes shown once, and the coordinators' reset."""

from __future__ import annotations

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from lms.roles import Role, is_staff_role, role_required

from . import two_factor

User = get_user_model()
CODES_SESSION_KEY = "two_factor_new_codes"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


def _next_url(request) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:after_login")


def _staff_only(request):
    if not is_staff_role(request.user):
        raise PermissionDenied


def _verified_login(request, device) -> None:
    # A new session key for the session that now holds both factors.
    request.session.cycle_key()
    django_otp.login(request, device)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The step after the password for staff who have a device."""
    _staff_only(request)
    user = request.user
    if user.is_verified() or not two_factor.has_device(user):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, wait = two_factor.verify(user, form.cleaned_data["token"])
        if device is not None:
            _verified_login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                left = two_factor.backup_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a backup code: %(count)d is left.",
                        "You used a backup code: %(count)d are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
        if wait:
            form.add_error(
                "token",
                ngettext(
                    "Too many wrong codes. Try again in %(seconds)d second.",
                    "Too many wrong codes. Try again in %(seconds)d seconds.",
                    wait,
                )
                % {"seconds": wait},
            )
        else:
            form.add_error("token", _("This code is not right, or it has already been used."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get(REDIRECT_FIELD_NAME, "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    """Enrol an authenticator app (QR code and key), or manage the one enrolled."""
    _staff_only(request)
    user = request.user
    confirmed = two_factor.totp_device(user)
    if confirmed is not None:
        return _manage_enrolled(request, confirmed)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = two_factor.totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[CODES_SESSION_KEY] = two_factor.new_backup_codes(user)
            _verified_login(request, device)
            two_factor.logger.info("two-factor device enrolled for user %s", user.pk)
            messages.success(request, _("Your authenticator app is set up."))
            query = urlencode({REDIRECT_FIELD_NAME: _next_url(request)})
            return redirect(f"{reverse('accounts:two_factor_codes')}?{query}")
        form.add_error("token", _("This code is not right. Check the time on your phone."))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_code": _qr_data_uri(device.config_url),
            "secret": _grouped(device),
            "required": two_factor.is_required_for(user),
            "next": request.GET.get(REDIRECT_FIELD_NAME, ""),
        },
    )


def _manage_enrolled(request, device):
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "codes":
            request.session[CODES_SESSION_KEY] = two_factor.new_backup_codes(user)
            return redirect("accounts:two_factor_codes")
        if action == "remove":
            two_factor.remove_devices(user)
            two_factor.logger.info("two-factor device removed by user %s", user.pk)
            messages.success(request, _("Your authenticator app has been removed."))
            return redirect("accounts:two_factor")
        return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/two_factor_manage.html",
        {
            "device": device,
            "codes_left": two_factor.backup_codes_left(user),
            "required": two_factor.is_required_for(user),
        },
    )


@login_required
def codes(request):
    """The new backup codes, shown once."""
    _staff_only(request)
    new_codes = request.session.pop(CODES_SESSION_KEY, None)
    if not new_codes:
        return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/two_factor_codes.html",
        {"codes": new_codes, "next": _next_url(request)},
    )


def _resettable(user):
    """The staff whose device ``user`` may reset: those ``accounts_reachable_by`` gives,
    superusers only to a superuser."""
    from lms.accounts.services import accounts_reachable_by

    people = accounts_reachable_by(user)
    return people if user.is_superuser else people.filter(is_superuser=False)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def reset(request):
    """Coordinators and superusers remove another staff member's device (a lost phone);
    the person enrols again at their next login. Each reset is in the admin's history.
    A coordinator of some territories reaches only the staff of those territories."""
    if request.method == "POST":
        person = get_object_or_404(_resettable(request.user), pk=request.POST.get("user", "") or 0)
        if person.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        if not is_staff_role(person):
            raise PermissionDenied
        if two_factor.remove_devices(person):
            from wagtail.log_actions import log

            log(instance=person, action="lms.two_factor_reset", user=request.user)
            two_factor.logger.info(
                "two-factor device of user %s reset by user %s", person.pk, request.user.pk
            )
            messages.success(
                request,
                _("%(account)s will set up a new authenticator app at their next login.")
                % {"account": person.get_username()},
            )
        return redirect("accounts:two_factor_reset")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = (
        TOTPDevice.objects.filter(confirmed=True, user__in=_resettable(request.user))
        .select_related("user")
        .order_by("user__username")
    )
    return render(request, "accounts/two_factor_reset.html", {"devices": devices})


def _qr_data_uri(url: str) -> str:
    """The enrolment address as a QR code, drawn on the server as SVG."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=5, border=4)


def _grouped(device) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
