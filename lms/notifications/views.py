"""My reminders (``/learn/reminders/``): channels, the phone number, recent messages."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lms import sms
from lms.accounts.models import Profile

from . import services
from .models import Channel, Message

SESSION_KEY = "notifications_phone_check"
MAX_TRIES = 5


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone number"),
        max_length=32,
        help_text=gettext_lazy("With the country code, for example +39 347 123 4567."),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_phone(self):
        phone = sms.normalise_phone(self.cleaned_data["phone"])
        # A number belongs to one account (login cards and CSV enrolment find people by it).
        taken = Profile.objects.filter(phone=phone)
        if self.user is not None:
            taken = taken.exclude(user=self.user)
        if taken.exists():
            raise forms.ValidationError(
                _("This number is already used by another account. Ask your coordinator."),
                code="phone_taken",
            )
        return phone


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )


def _digest(code: str) -> str:
    return salted_hmac("lms.notifications.phone", code).hexdigest()


def _pending(request):
    check = request.session.get(SESSION_KEY)
    if not check:
        return None
    if datetime.fromisoformat(check["expires"]) < timezone.now():
        request.session.pop(SESSION_KEY, None)
        return None
    return check


def _post(request):
    user = request.user
    action = request.POST.get("action", "")
    language = translation.get_language()
    profile = getattr(user, "profile", None)
    if action in {"email_on", "sms_on", "email_off", "sms_off"}:
        channel = Channel.EMAIL if action.startswith("email") else Channel.SMS
        if action.endswith("_on"):
            if channel == Channel.SMS and (profile is None or not profile.phone_verified_at):
                messages.error(request, _("First add and check your phone number."))
            elif channel == Channel.EMAIL and not user.email:
                messages.error(request, _("Your account has no e-mail address."))
            else:
                services.opt_in(user=user, channel=channel, language=language)
                messages.success(request, _("Reminders are on."))
        else:
            services.opt_out(user=user, channel=channel)
            messages.success(request, _("Reminders are off. Nothing more will be sent."))
        return None
    if action == "phone_send":
        form = PhoneForm(request.POST, user=user)
        if not form.is_valid():
            return {"phone_form": form}
        phone = form.cleaned_data["phone"]
        message, code = services.phone_code_send(user=user, phone=phone, language=language)
        if message.status != Message.Status.SENT:
            messages.error(
                request, _("We could not send the code. Check the number or try again later.")
            )
            return None
        request.session[SESSION_KEY] = {
            "phone": phone,
            "digest": _digest(code),
            "expires": (timezone.now() + services.CODE_LIFETIME).isoformat(),
            "tries": 0,
        }
        messages.success(request, _("We sent you a code by text message."))
        return None
    if action == "phone_verify":
        check = _pending(request)
        form = CodeForm(request.POST)
        if check is None:
            messages.error(request, _("The code has expired. Ask for a new one."))
            return None
        if not form.is_valid():
            return {"code_form": form}
        check["tries"] += 1
        if not constant_time_compare(_digest(form.cleaned_data["code"].strip()), check["digest"]):
            if check["tries"] >= MAX_TRIES:
                request.session.pop(SESSION_KEY, None)
                messages.error(request, _("Too many wrong codes. Ask for a new one."))
                return None
            request.session[SESSION_KEY] = check
            form.add_error("code", _("This code is not right. Try again."))
            return {"code_form": form}
        request.session.pop(SESSION_KEY, None)
        try:
            services.phone_confirm(user=user, phone=check["phone"])
        except ValidationError:
            messages.error(request, _("We could not save this number."))
            return None
        messages.success(request, _("Your phone number is checked."))
        return None
    if action == "phone_remove":
        services.opt_out(user=user, channel=Channel.SMS)
        services.phone_remove(user=user)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Your phone number is removed. No more text messages."))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request):
    """Choose reminder channels, add and check a phone number, see recent messages."""
    forms_shown = {}
    if request.method == "POST":
        forms_shown = _post(request) or {}
        if not forms_shown:
            return redirect("notifications:reminders")
    user = request.user
    profile = getattr(user, "profile", None)
    check = _pending(request)
    context = {
        "email": user.email,
        "email_on": services.opted_in(user, Channel.EMAIL),
        "sms_on": services.opted_in(user, Channel.SMS),
        "phone": getattr(profile, "phone", ""),
        "phone_verified": bool(getattr(profile, "phone_verified_at", None)),
        "pending_phone": check["phone"] if check else "",
        "phone_form": forms_shown.get("phone_form") or PhoneForm(),
        "code_form": forms_shown.get("code_form") or CodeForm(),
        "recent": services.recent_messages(user),
        "daily_limit": services.daily_limit(),
    }
    status = 400 if forms_shown else 200
    return TemplateResponse(request, "notifications/reminders.html", context, status=status)
