from django.core.exceptions import PermissionDenied

from lms.roles import is_staff_role

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Wagtail's own login/logout/password-reset screens must stay reachable.
ADMIN_OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


class AdminAccessMiddleware:
    """Refuse the admin to signed-in people who are not trainers or coordinators.

    Wagtail would otherwise bounce a trainee to its own login screen; a plain 403
    says clearly that the admin is not for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith(ADMIN_PREFIXES)
            and not path.startswith(ADMIN_OPEN_PATHS)
            and request.user.is_authenticated
            and not is_staff_role(request.user)
        ):
            raise PermissionDenied
        response = self.get_response(request)
        if path.startswith("/admin/"):
            # Wagtail's preview panel frames admin pages from the same origin; every
            # other page keeps the site-wide DENY. (This middleware sits outside
            # XFrameOptionsMiddleware, so it has the last word.)
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class SessionIdleTimeoutMiddleware:
    """Staff sessions end after ``STAFF_SESSION_IDLE_SECONDS`` without a request (they
    open other people's data); everyone else's after ``SESSION_COOKIE_AGE``.

    The expiry is renewed on each request, so the limit counts idle time, not the time
    since signing in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_staff_role(user):
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class ConsentRequiredMiddleware:
    """A trainee without the required consent (enrolled by CSV: "pending consent") is sent
    to My privacy to give it before anything else; the consent page itself, logging out,
    the privacy notice, the language switch and static/media files stay reachable."""

    EXEMPT_VIEWS = frozenset(
        {
            "accounts:privacy_consents",
            "accounts:privacy",
            "accounts:logout",
            "accounts:card_password",
            "set_language",
            "javascript-catalog",
            # The installable app's files: a script and a manifest, no personal data.
            "service_worker",
            "web_manifest",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not is_staff_role(user):
            from .consents import consent_pending

            # The consent check first: only the few people it stops pay for resolving
            # the address against the exempt views.
            if consent_pending(user) and not self._exempt(request):
                from django.shortcuts import redirect
                from django.urls import reverse
                from django.utils.http import urlencode

                target = reverse("accounts:privacy_consents")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        from django.conf import settings
        from django.urls import Resolver404, resolve

        path = request.path_info
        prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)
        if path.startswith(prefixes) or path.startswith(ADMIN_PREFIXES):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name in self.EXEMPT_VIEWS
