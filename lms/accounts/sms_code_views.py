"""Signing in with a code by text message: ask for the number, then for the code.
The rules are in ``sms_codes``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lms.sms import normalise_phone

from . import login_cards, sms_codes

#: The number the person typed (normalised), kept between the two pages.
PHONE_SESSION_KEY = "lms_sms_sign_in_phone"
#: Wrong codes typed in this browser for that number (an unknown number counts too).
TRIES_SESSION_KEY = "lms_sms_sign_in_tries"
#: Set after a sign-in by code, so "choose your password" speaks of the code.
SIGNED_IN_BY_CODE_KEY = "lms_signed_in_by_sms_code"


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Your phone number"),
        max_length=32,
        help_text=gettext_lazy("With the country code, for example +39 347 123 4567."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "dir": "ltr",
            }
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code has 6 digits."))
        return code


@never_cache
@require_http_methods(["GET", "POST"])
def sms_sign_in(request):
    """Ask for the phone number; send a code if it is a trainee's. Same answer for all."""
    if request.user.is_authenticated:
        return redirect("accounts:after_login")
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if not sms_codes.sending_allowed(request, phone):
            return render(request, "accounts/sms_too_many.html", status=429)
        sms_codes.sms_code_send(phone=phone)
        request.session[PHONE_SESSION_KEY] = phone
        request.session[TRIES_SESSION_KEY] = 0
        messages.info(request, _("If this number belongs to an account, we sent a code."))
        return redirect("accounts:sms_code")
    return render(request, "accounts/sms_sign_in.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sms_code(request):
    """Type the code: the right one signs in once, then a password must be chosen."""
    phone = request.session.get(PHONE_SESSION_KEY)
    if not phone:
        return redirect("accounts:sms_sign_in")
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        tries = int(request.session.get(TRIES_SESSION_KEY, 0))
        if tries >= sms_codes.max_tries():
            error = sms_codes.REFUSALS["too_many"]
        else:
            user = authenticate(request, username=phone, sms_code=form.cleaned_data["code"])
            if user is not None:
                login_cards.one_time_sign_in(request, user, backend=sms_codes.BACKEND)
                request.session.pop(PHONE_SESSION_KEY, None)
                request.session.pop(TRIES_SESSION_KEY, None)
                request.session[SIGNED_IN_BY_CODE_KEY] = True
                return redirect("accounts:card_password")
            refusal = getattr(request, "sms_code_error", None) or sms_codes.SmsCodeError("wrong")
            if refusal.code == "wrong":
                tries += 1
                request.session[TRIES_SESSION_KEY] = tries
            error = (
                sms_codes.REFUSALS["too_many"]
                if tries >= sms_codes.max_tries()
                else refusal.message
            )
    status = 400 if error else 200
    return render(
        request,
        "accounts/sms_code.html",
        {"form": form, "error": error, "minutes": sms_codes.valid_minutes()},
        status=status,
    )


def locked_out(request):
    """Too many wrong codes for this number from this address (django-axes)."""
    return render(
        request,
        "accounts/sms_code.html",
        {
            "form": CodeForm(),
            "error": sms_codes.REFUSALS["too_many"],
            "minutes": sms_codes.valid_minutes(),
        },
        status=429,
    )
