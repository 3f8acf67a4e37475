"""Offline use: the list of what a course saves, the outbox sync, the offline page.

JSON endpoints answer a person who is not signed in with 401 (never a login redirect:
the phone's script reads the answer), and a course they are not enrolled in with 404.
"""

import json

from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors
from .models import CoursePage
from .offline import SyncPayloadError, offline_bundle, offline_sync


def cache_name(user) -> str:
    """The phone's cache for ``user``'s saved courses (offline.js and sw.js use it)."""
    return f"impact-offline-u{user.pk}"


def _signed_out():
    return JsonResponse({"error": _("Log in again to send your changes.")}, status=401)


@never_cache
@require_GET
def offline_course(request, pk: int):
    """What "Save this course for offline" caches, with sizes, for an enrolled trainee."""
    if not request.user.is_authenticated:
        return _signed_out()
    course = get_object_or_404(CoursePage.objects.live(), pk=pk)
    enrollment = selectors.enrollment_for(user=request.user, course=course)
    if enrollment is None:
        raise Http404
    items = offline_bundle(request=request, course=course, enrollment=enrollment)
    return JsonResponse(
        {
            "course": course.pk,
            "cache": cache_name(request.user),
            "items": [item.as_json() for item in items],
            "total_bytes": sum(item.bytes for item in items),
        }
    )


@never_cache
@require_http_methods(["GET", "POST"])
def offline_sync_view(request):
    """POST: the outbox of the phone, ``{"actions": [...]}``; one result per action.

    GET gives a fresh CSRF token (a page read from the phone's cache may hold an old one).
    """
    if not request.user.is_authenticated:
        return _signed_out()
    if request.method == "GET":
        return JsonResponse({"csrf": get_token(request)})
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return JsonResponse({"error": _("The request is not valid JSON.")}, status=400)
    try:
        results = offline_sync(user=request.user, payload=payload)
    except SyncPayloadError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    return JsonResponse({"results": [result.as_json() for result in results]})


def offline_page(request):
    """What the phone shows for a page that is not saved on it, while offline."""
    return TemplateResponse(request, "courses/offline.html", {})
