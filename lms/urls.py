from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import pwa


def healthz(request):
    """Liveness probe for the proxy: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # At the root, so that the service worker's scope is the whole site.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("certificates.urls_public")),
    path("case/", include("assessments.competencies.case_urls")),
]

# Everything a person reads is under a language prefix; Italian, the default,
# has none (/courses/ is Italian, /en/courses/ English).
urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("manifest.webmanifest", pwa.manifest, name="web_manifest"),
    path("accounts/", include("lms.accounts.urls")),
    path("", include("lms.notifications.urls")),
    path("", include("courses.urls")),
    path("", include("assessments.urls")),
    path("", include("certificates.urls")),
    path("reports/", include("reports.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.BENCH_BASELINES:
    # `make bench` only: the baseline views of bench/urls.py.
    urlpatterns.insert(0, path("", include("bench.urls")))

if settings.DEBUG:
    # Development only: public uploads straight from MEDIA_ROOT. Private folders
    # (certificate PDFs, lab attachments) go through their own permission-checked views.
    from django.urls import re_path

    from lms.views import serve_public_media

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_public_media),
    ]
