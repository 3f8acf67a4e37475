"""A small cache-based rate limiter for the public verification pages."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from lms.client_address import client_address


def client_ip(request) -> str:
    """The visitor's address behind the trusted proxies (see ``lms.client_address``)."""
    return client_address(request)


def rate_limited(view):
    """At most CERTIFICATE_VERIFY_RATE requests per minute per visitor address; 429 beyond.

    The count is kept in the default cache: in production that must be the shared
    Redis cache (``REDIS_URL``), otherwise each process counts on its own."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = settings.CERTIFICATE_VERIFY_RATE
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
