"""Login throttling (django-axes): who is counted, and what a locked-out person sees.

Failed logins are counted per account and visitor address (the address behind the
trusted proxies, ``lms.client_address``), on the site's login page and on
``/admin/login/`` alike. After ``AXES_FAILURE_LIMIT`` failures the pair is locked for
``AXES_COOLOFF_TIME`` hours, even with the right password; a coordinator can unlock an
account earlier (``views.unlock``).
"""

import ipaddress

from django.conf import settings
from django.shortcuts import render

from lms.client_address import client_address


def username_from(request, credentials) -> str:
    """The account a login is for, as the login form reads it (e-mail, any case)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


def client_ip(request) -> str | None:
    """The visitor's address, or ``None`` when there is none that is an IP address
    (the database column only takes addresses)."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def locked_out(request, credentials, *args, **kwargs):
    """The page a locked-out login gets (429), with what to do about it. Wrong codes by
    text message (``sms_codes``) are counted the same way, and say so in their words."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "accounts:sms_code":
        from . import sms_code_views

        return sms_code_views.locked_out(request)
    return render(
        request,
        "accounts/locked_out.html",
        {"hours": settings.AXES_COOLOFF_TIME},
        status=429,
    )
