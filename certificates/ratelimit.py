"""A small cache-based rate limiter for the public verification pages."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    """The visitor's address. Behind N trusted proxies (CERTIFICATE_TRUSTED_PROXIES = N),
    the N-th address from the right of X-Forwarded-For; otherwise REMOTE_ADDR."""
    proxies = getattr(settings, "CERTIFICATE_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(view):
    """At most CERTIFICATE_VERIFY_RATE requests per minute per IP (default 30); 429 beyond."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = getattr(settings, "CERTIFICATE_VERIFY_RATE", 30)
        window = int(time.time() // 60)
        key = f"cert-verify:{client_ip(request)}:{window}"
        cache.add(key, 0, timeout=90)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=90)
            count = 1
        if count > limit:
            response = render(request, "certificates/too_many.html", status=429)
            response["Retry-After"] = str(60 - int(time.time()) % 60)
            return response
        return view(request, *args, **kwargs)

    return wrapper
