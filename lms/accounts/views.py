import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.i18n import url_in_language
from lms.retention import schedule_rows
from lms.roles import Role, is_staff_role, role_required

from . import consents, reporting, services
from .forms import ProfileForm, SignupForm
from .models import ConsentRecord, Profile

User = get_user_model()


@require_http_methods(["GET", "POST"])
def signup(request):
    """Self sign-up as a trainee; logs the new person straight in."""
    if request.user.is_authenticated:
        return redirect("accounts:after_login")
    form = SignupForm(
        request.POST or None,
        initial={"preferred_language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = User.objects.filter(username__iexact=data["email"]).first()
        if existing is not None:
            # Same answer as a new sign-up, so the form does not tell anyone whether an
            # address has an account; the owner hears about it by e-mail.
            _mail_existing_owner(request, existing)
            return render(request, "accounts/signup_done.html")
        user = services.user_signup(
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            preferred_language=data["preferred_language"],
            territory=data["territory"],
            organisation=data["organisation"],
            consent_language=translation.get_language(),
            optional_consents=tuple(data["optional_consents"]),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect(_language_home(data["preferred_language"]))
    return render(request, "accounts/signup.html", {"form": form})


def _mail_existing_owner(request, user) -> None:
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    context = {
        "login_url": request.build_absolute_uri(reverse("accounts:login")),
        "reset_url": request.build_absolute_uri(reverse("accounts:password_reset")),
    }
    send_mail(
        _("Someone tried to sign up with your e-mail address"),
        render_to_string("accounts/email/signup_existing.txt", context, request=request),
        None,
        [user.email],
    )


@login_required
@require_http_methods(["GET", "POST"])
def privacy_consents(request):
    """My privacy: each consent purpose, given or withdrawn separately, and whether the
    public certificate check shows the full name."""
    user = request.user
    if request.method == "POST":
        purpose = request.POST.get("purpose", "")
        action = request.POST.get("action", "")
        if action == "public_name":
            profile = getattr(user, "profile", None)
            if profile is not None:
                profile.show_full_name_publicly = request.POST.get("show") == "yes"
                profile.save(update_fields=["show_full_name_publicly"])
                messages.success(request, _("Your choice has been saved."))
        elif purpose in ConsentRecord.Purpose.values and action == "give":
            consents.consent_give(
                user=user,
                purpose=purpose,
                language=translation.get_language(),
                channel=ConsentRecord.Channel.PRIVACY_PAGE,
            )
            messages.success(request, _("Thank you: your consent has been recorded."))
            if purpose in ConsentRecord.REQUIRED_PURPOSES:
                next_url = request.POST.get("next", "")
                if next_url and url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()}
                ):
                    return redirect(next_url)
        elif purpose in ConsentRecord.Purpose.values and action == "withdraw":
            consents.consent_withdraw(user=user, purpose=purpose)
            messages.success(request, _("Your consent has been withdrawn."))
        return redirect("accounts:privacy_consents")
    standing = consents.current_consents(user)
    rows = [
        {
            "purpose": value,
            "label": label,
            "required": value in ConsentRecord.REQUIRED_PURPOSES,
            "record": standing.get(value),
        }
        for value, label in ConsentRecord.Purpose.choices
    ]
    return render(
        request,
        "accounts/privacy_consents.html",
        {
            "rows": rows,
            "pending": consents.consent_pending(user),
            "next": request.GET.get("next", ""),
            "profile": getattr(user, "profile", None),
            "retention": schedule_rows(),
        },
    )


def _language_home(language: str) -> str:
    with translation.override(language):
        return reverse("accounts:after_login")


@login_required
def after_login(request):
    """Send people where their work is: staff to the admin, trainees to their dashboard."""
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    if is_staff_role(request.user):
        return redirect("wagtailadmin_home")
    return redirect("courses:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    profile, _created = Profile.objects.get_or_create(
        user=request.user, defaults={"display_name": request.user.get_full_name() or "—"}
    )
    gender_allowed = reporting.gender_allowed(request.user)
    form = ProfileForm(request.POST or None, instance=profile, gender_allowed=gender_allowed)
    if request.method == "POST" and form.is_valid():
        services.profile_update(profile=profile, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect(_language_url(profile.preferred_language, "accounts:profile"))
    return render(
        request, "accounts/profile.html", {"form": form, "gender_allowed": gender_allowed}
    )


def _language_url(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


@login_required
def export_data(request):
    """Download everything the platform holds about the signed-in person."""
    data = services.user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="impact-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request):
    """Erase the signed-in person's account after they confirm it."""
    if request.method == "POST":
        confirmed = request.POST.get("confirm") == "yes"
        # Someone at an unlocked computer must not erase another person's account.
        password_ok = request.user.check_password(request.POST.get("password", ""))
        if confirmed and password_ok:
            user = request.user
            logout(request)
            services.user_erase(user=user)
            messages.success(request, _("Your account and your data have been erased."))
            return redirect(_home_url())
        if not confirmed:
            messages.error(
                request, _("Tick the box to confirm that you want to erase your account.")
            )
        if not password_ok:
            messages.error(request, _("Type your password to confirm that it is you."))
    return render(request, "accounts/erase.html")


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def unlock(request):
    """Coordinators see the accounts locked by too many wrong passwords and unlock them."""
    from axes.models import AccessAttempt
    from axes.utils import reset

    from lms.roles import territories_for

    from .services import accounts_reachable_by

    # A coordinator of some territories sees and unlocks only the accounts of their
    # territories; names that match no account only a programme coordinator.
    scoped = territories_for(request.user) is not None
    reachable = accounts_reachable_by(request.user).values("username")
    if request.method == "POST":
        username = request.POST.get("username", "").strip().lower()
        if scoped and not accounts_reachable_by(request.user).filter(username=username).exists():
            raise Http404
        if username and reset(username=username):
            messages.success(request, _("%(account)s can sign in again.") % {"account": username})
        return redirect("accounts:unlock")
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")
    if scoped:
        locked = locked.filter(username__in=reachable)
    return render(request, "accounts/unlock.html", {"locked": locked})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    response = redirect(_home_url())
    # The pages saved for offline and the outbox go with the session (offline.js deletes
    # them before logging out; this is for a browser where the script did not run).
    response["Clear-Site-Data"] = '"storage"'
    return response


PRIVACY_SLUG = "privacy"


def privacy_notice(request):
    """The privacy notice (the page with slug ``privacy``), in the active language when it
    is translated. The consent text and the footer link here."""
    from django.http import Http404
    from wagtail.models import Locale, Page

    pages = Page.objects.live().filter(slug=PRIVACY_SLUG)
    page = pages.filter(locale=Locale.get_active()).first() or pages.first()
    if page is None:
        raise Http404(_("There is no privacy notice yet."))
    return redirect(page.get_url(request))


def _home_url() -> str:
    """The home page in the active language (``/`` for Italian, ``/ar/`` for Arabic)."""
    return reverse("wagtail_serve", args=[""])


def preferred_language_of(user) -> str | None:
    """The person's preferred language, if it is one of the site's."""
    language = getattr(getattr(user, "profile", None), "preferred_language", "")
    return language if language in dict(settings.LANGUAGES) else None


def in_preferred_language(user, url: str) -> str:
    """``url`` in ``user``'s preferred language (the same page under its prefix)."""
    language = preferred_language_of(user)
    return url_in_language(url, language) if language else url


class LoginView(auth_views.LoginView):
    """Log in, then continue in the person's preferred language, wherever they logged
    in from (``next`` included): the preference applies at every login."""

    template_name = "accounts/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        if not is_staff_role(self.request.user):
            # Trainees: 30 days on their own device when they ask for it, otherwise
            # until the browser closes. Staff: SessionIdleTimeoutMiddleware (8 idle hours).
            remember = form.cleaned_data.get("remember")
            self.request.session.set_expiry(settings.SESSION_COOKIE_AGE if remember else 0)
        return response

    def get_success_url(self):
        return in_preferred_language(self.request.user, super().get_success_url())
