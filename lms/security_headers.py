"""Response headers that limit what a page may use in the browser."""

from django.conf import settings

#: Browser features no page of the LMS needs; an empty allow-list turns each off for
#: every origin, embedded frames included.
DEFAULT_PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "hid",
        "midi",
        "browsing-topics",
    ),
    (),
)


def permissions_policy_value(policy: dict) -> str:
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in sorted(policy.items())
    )


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        self.value = permissions_policy_value(policy)

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


class AdminStylePolicyMiddleware:
    """The Wagtail admin sets ``style`` attributes from its own templates and scripts, so
    under ``/admin/`` (only) the Content-Security-Policy also allows inline styles and, for
    Wagtail's edit views, inline scripts. The site itself allows neither. Placed after
    ``csp.middleware.CSPMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            from csp.constants import UNSAFE_INLINE

            update = dict(getattr(response, "_csp_update", None) or {})
            update["style-src"] = [*update.get("style-src", []), UNSAFE_INLINE]
            # Wagtail 8's edit views still emit inline scripts (seen on the question edit
            # view): allowed under /admin/ only until they are hashed or moved.
            update["script-src"] = [*update.get("script-src", []), UNSAFE_INLINE]
            response._csp_update = update
        return response
