"""Production: PostgreSQL, Redis cache, database task worker, HTTPS everywhere.

Required environment: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS. Optional: REDIS_URL,
EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS, SITE_URL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
if BENCH_BASELINES:  # noqa: F405 — `make bench` runs production settings with its commands
    INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

# Coordinators and superusers always sign in with a second factor (issue 13 item 6);
# OTP_REQUIRED_FOR=trainer in the environment adds trainers, nothing removes those two.
OTP_REQUIRED_FOR = sorted({"coordinator", "superuser", *env_list("OTP_REQUIRED_FOR")})

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Sessions are read from the cache (Redis), written through to the database: a
# signed-in page does not query the session table (issue 20).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Roles, consent, site, locale and course outlines are kept between requests only in a
# cache all workers share (lms/caching.py): without Redis each worker would keep its own
# copy, which an invalidation in another worker would not reach.
LMS_SHARED_CACHE = bool(REDIS_URL)  # noqa: F405

# Behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
