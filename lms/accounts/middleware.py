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
