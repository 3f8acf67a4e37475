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
