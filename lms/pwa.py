"""The installable web app (issue 19.1): the web app manifest and the service worker.

The service worker is served from the site root (``/sw.js``), so its scope is the whole
site; its code is the hand-written ``static/js/sw.js``, preceded by one line of
settings (the version and the addresses of the shell files, whose names carry a
hash in production). It is never cached by the browser's HTTP cache, so a new
release reaches phones on their next visit.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

#: The brand colour (``--brand`` in site.css): the phone's title bar and splash screen.
THEME_COLOR = "#0b5d57"

#: What every offline page needs, cached when the service worker installs.
SHELL_FILES = (
    "css/site.css",
    "courses/courses.css",
    "js/menu.js",
    "js/offline.js",
    "lms/icons/icon-192.png",
)

ICONS = (
    ("lms/icons/icon-192.png", "192x192", "any"),
    ("lms/icons/icon-512.png", "512x512", "any"),
    ("lms/icons/icon-512-maskable.png", "512x512", "maskable"),
)


def _worker_source() -> str:
    path = finders.find("js/sw.js")
    if path:
        with open(path, encoding="utf-8") as source:
            return source.read()
    with staticfiles_storage.open("js/sw.js") as source:  # collected, app folders gone
        return source.read().decode("utf-8")


@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    """``/sw.js``: the service worker, with its settings on the first line."""
    source = _worker_source()
    shell = [static(name) for name in SHELL_FILES]
    prefixes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    version = hashlib.sha256((source + "".join(shell)).encode()).hexdigest()[:12]
    config = {"version": version, "shell": shell, "prefixes": prefixes}
    body = f"self.IMPACT_SW = {json.dumps(config)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    """The web app manifest, in the reader's language (its name and where it opens)."""
    data = {
        "id": "/",
        "name": "Impact LMS",
        "short_name": "Impact",
        "description": _("Lessons, quizzes and certificates of the IMPACT programme."),
        "lang": get_language(),
        "dir": "rtl" if get_language() == "ar" else "ltr",
        "start_url": reverse("courses:dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
