"""The visitor's address, behind the deployment's trusted proxies.

Each trusted proxy appends the address it received the request from to
``X-Forwarded-For``; entries further left were written by the client and can be
forged. With ``CERTIFICATE_TRUSTED_PROXIES = N`` the visitor is the N-th entry from
the right; with 0 (no proxy) it is ``REMOTE_ADDR``. A header shorter than N (a request
that did not come through every proxy) counts by its leftmost entry.
"""

from django.conf import settings


def client_address(request) -> str:
    proxies = int(getattr(settings, "CERTIFICATE_TRUSTED_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-proxies] if len(hops) >= proxies else hops[0]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
