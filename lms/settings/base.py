"""Settings shared by every environment.

Everything that differs between machines is read from the environment:
``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``REDIS_URL``, ``EMAIL_URL``-style
``EMAIL_*`` variables and ``SITE_URL``.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Ours, in dependency order: content ← courses ← assessments ← certificates ← reports.
    "lms",
    "csp",
    "lms.accounts",
    "lms.notifications",
    "content",
    "courses",
    "courses.lab",
    "assessments",
    "certificates",
    "reports",
    # Wagtail
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, with user forms that apply the staff password length.
    "lms.accounts.users_app.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.security_headers.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "lms.security_headers.AdminStylePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lms.i18n.ReaderLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lms.accounts.middleware.AdminAccessMiddleware",
    "lms.accounts.two_factor.TwoFactorMiddleware",
    "lms.accounts.middleware.SessionIdleTimeoutMiddleware",
    "lms.accounts.login_cards.PasswordRequiredMiddleware",
    "lms.accounts.middleware.ConsentRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its own page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and images from this site
# only, no inline script anywhere; /admin/ also allows inline styles (AdminStylePolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# No Gravatar: the admin would send a hash of every staff e-mail to a third party (and the
# policy above allows images from this site only).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.site_shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: wait for a lock instead of failing, and let readers run beside a writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lms.accounts.validators.StaffMinimumLengthValidator", "OPTIONS": {"min_length": 12}},
]
# --- Login throttling (django-axes), on the site login and /admin/login/ alike ------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A printed QR login card (issue 19): one sign-in, then a password must be chosen.
    "lms.accounts.login_cards.LoginCardBackend",
    # A 6-digit code by text message (issue 19): one sign-in, then a new password.
    "lms.accounts.sms_codes.SmsCodeBackend",
]
# How long a printed login card stays valid (days); each card signs in once.
LOGIN_CARD_VALID_DAYS = int(os.environ.get("LOGIN_CARD_VALID_DAYS", "30"))
# A sign-in code by text message lasts 10 minutes and allows 5 wrong tries; at most 3
# codes an hour per number and 10 per visitor address (counted in the shared cache).
SMS_CODE_VALID_MINUTES = 10
SMS_CODE_MAX_TRIES = 5
SMS_CODE_RATE_PER_NUMBER = int(os.environ.get("SMS_CODE_RATE_PER_NUMBER", "3"))
SMS_CODE_RATE_PER_ADDRESS = int(os.environ.get("SMS_CODE_RATE_PER_ADDRESS", "10"))
# Five wrong passwords for one account from one address lock that pair for an hour
# (or until a coordinator unlocks the account at /accounts/unlock/). Keyed by account
# *and* address, so nobody can lock a person out from elsewhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "lms.accounts.lockout.username_from"
AXES_CLIENT_IP_CALLABLE = "lms.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "lms.accounts.lockout.locked_out"
AXES_VERBOSE = False
# No log of every successful login's address (data minimisation); failures are counted.
AXES_DISABLE_ACCESS_LOG = True

# --- Second factor for staff (django-otp): TOTP app and backup codes --------------
# Who must enrol a device before using the site or the admin: any of "coordinator",
# "superuser", "trainer" (comma-separated in the environment). Nobody here, so that the
# demo logins work with a password alone; production requires coordinators and
# superusers (lms/settings/production.py). Anyone on the staff may enrol; once they have
# a device, every login asks for it.
OTP_REQUIRED_FOR = env_list("OTP_REQUIRED_FOR", "")
OTP_TOTP_ISSUER = "Impact LMS"
# Each wrong code doubles the wait before the next try (1 s, 2 s, 4 s, ...).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Sessions: a trainee who ticks "Keep me signed in" at login stays signed in for 30
# days, otherwise until the browser closes; staff sessions end after 8 idle hours
# (SessionIdleTimeoutMiddleware), whatever they ticked.
SESSION_COOKIE_AGE = 30 * 24 * 60 * 60
STAFF_SESSION_IDLE_SECONDS = 8 * 60 * 60

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after_login"
LOGOUT_REDIRECT_URL = "/"

# --- Languages -------------------------------------------------------------
# Italian is the programme's language; English is complete; French and Arabic
# cover every trainee-facing page.
LANGUAGE_CODE = "it"
LANGUAGES = [
    ("it", _("Italian")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Staff languages: the admin is for trainers and coordinators.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("it", "Italiano"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Rome"

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Folders under MEDIA_ROOT that are never served as plain files: they are only
# reachable through views that check who is asking (the proxy must refuse them too).
# Wagtail documents go through /documents/, which checks collection privacy.
PRIVATE_MEDIA_PREFIXES = (
    "certificates/",
    "lab/private/",
    "prior-learning/",
    "documents/",
    "wagtail_uploads/",
)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Cache -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")


def cache_key_prefix(database: dict) -> str:
    """``CACHE_KEY_PREFIX``, or one derived from the database the site runs on: cached
    facts (sites, outlines, roles) hold row ids of one database, so two sites sharing a
    Redis (staging beside production, two benchmark databases) must never read each
    other's entries (issue 20: a lesson answered 404 from another database's outline)."""
    given = os.environ.get("CACHE_KEY_PREFIX", "")
    if given:
        return given
    identity = "|".join(
        str(database.get(part) or "") for part in ("ENGINE", "HOST", "PORT", "NAME")
    )
    return "impact-" + hashlib.sha256(identity.encode()).hexdigest()[:12]


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lms.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": cache_key_prefix(DATABASES["default"]),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Facts every page asks (roles, consent, site, locale, course outlines) kept in the
# cache between requests, with their invalidation (lms/caching.py). Production turns it
# off without Redis (lms/settings/production.py).
LMS_SHARED_CACHE = True

# --- Proxies and rate limits --------------------------------------------------
# How many proxies the deployment puts in front of gunicorn (each appends the address
# it received the request from to X-Forwarded-For). The visitor's address is the N-th
# entry from the right; with 0 it is REMOTE_ADDR. Used by the verification-page rate
# limit and by login throttling (django-axes), so one visitor never locks out another.
CERTIFICATE_TRUSTED_PROXIES = int(os.environ.get("CERTIFICATE_TRUSTED_PROXIES", "0"))
# Public verifications per minute per visitor address. The count lives in the cache:
# production needs the shared Redis cache (REDIS_URL), or each process counts alone.
CERTIFICATE_VERIFY_RATE = int(os.environ.get("CERTIFICATE_VERIFY_RATE", "30"))

# --- Background tasks ------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Email -----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Impact LMS <noreply@impact.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Reminders by e-mail and SMS (lms.notifications, lms.sms) -------------------
# SMS_BACKEND: lms.sms.ConsoleBackend (prints), lms.sms.LocmemBackend (tests),
# lms.sms.HttpBackend (a Twilio-style REST provider, the SMS_HTTP_* settings).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "lms.sms.ConsoleBackend")
SMS_FROM = os.environ.get("SMS_FROM", "ImpactLMS")
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "")
SMS_HTTP_ACCOUNT = os.environ.get("SMS_HTTP_ACCOUNT", "")
SMS_HTTP_TOKEN = os.environ.get("SMS_HTTP_TOKEN", "")
SMS_HTTP_TIMEOUT = float(os.environ.get("SMS_HTTP_TIMEOUT", "10"))
# Messages per person per channel in 24 hours (codes included); more are skipped.
NOTIFICATIONS_DAILY_LIMIT = int(os.environ.get("NOTIFICATIONS_DAILY_LIMIT", "5"))

# --- Wagtail ---------------------------------------------------------------
WAGTAIL_SITE_NAME = "Impact LMS"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "gift", "xml",
    # Recorded audio explanations (lms/audio.py): converted to mono Opus on upload.
    "opus", "ogg", "oga", "mp3", "wav", "m4a", "aac", "webm",
]  # fmt: skip
# A recorded audio explanation, once converted to mono Opus (a minute is ~200 kB at
# 24 kbit/s): at most this size, this long, at this bit rate.
AUDIO_EXPLANATION_MAX_BYTES = int(os.environ.get("AUDIO_EXPLANATION_MAX_BYTES", 2 * 1024 * 1024))
AUDIO_EXPLANATION_MAX_SECONDS = int(os.environ.get("AUDIO_EXPLANATION_MAX_SECONDS", "600"))
AUDIO_EXPLANATION_BITRATE = int(os.environ.get("AUDIO_EXPLANATION_BITRATE", "24000"))
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Benchmark baselines (``make bench``): a constant view at /bench/constant/, and the
# bench app's commands in production settings. Never on unless the environment asks.
BENCH_BASELINES = env_bool("BENCH_BASELINES")

# Version of the data-processing notice a trainee consents to at sign-up.
CONSENT_TEXT_VERSION = "2026-11"

# The retention schedule (lms/retention.py; applied daily by `manage.py apply_retention`).
# The funder's audit period for registers, certificates and consent records of erased
# people; journals and reflections after the programme (the cohort) ends; accounts
# created for someone who never logged in nor gave consent.
RETENTION_AUDIT_YEARS = int(os.environ.get("RETENTION_AUDIT_YEARS", "10"))
RETENTION_JOURNAL_MONTHS = int(os.environ.get("RETENTION_JOURNAL_MONTHS", "12"))
RETENTION_UNCONFIRMED_DAYS = int(os.environ.get("RETENTION_UNCONFIRMED_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"lms": {"level": "INFO"}},
}

# --- Programme branding on funder documents ----------------------------------
# Printed on attendance registers, the attestato di frequenza and the cohort pack.
PROGRAMME_NAME = os.environ.get(
    "PROGRAMME_NAME", "IMPACT – Laboratorio diffuso di innovazione sociale (FAMI 2021-2027)"
)
PROJECT_CODE = os.environ.get("PROJECT_CODE", "PROG-DEMO-0000")
# Funder emblems: static files (comma-separated paths), printed left to right. The
# demo emblem is neutral; put the funder's official emblems here in production.
FUNDER_EMBLEMS = [
    path.strip()
    for path in os.environ.get("FUNDER_EMBLEMS", "lms/emblems/funder-demo.svg").split(",")
    if path.strip()
]
