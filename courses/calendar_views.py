"""The calendar page (``/learn/calendar/``) and the feed a calendar app subscribes to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import calendar_feed
from .models import CalendarFeed


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _feed_url(request, feed) -> str:
    return _base_url(request) + reverse("courses:calendar_feed", args=[feed.token])


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """Turn my calendar feed on or off, show its address, reset its secret."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "enable":
            calendar_feed.enable(request.user)
            messages.success(request, _("Your calendar address is ready."))
        elif action == "reset":
            calendar_feed.reset(request.user)
            messages.success(
                request,
                _(
                    "You have a new calendar address. The old one no longer works: "
                    "subscribe again with the new one."
                ),
            )
        elif action == "disable":
            calendar_feed.disable(request.user)
            messages.info(request, _("Your calendar address is turned off."))
        return redirect("courses:calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {"feed": feed}
    if feed is not None:
        url = _feed_url(request, feed)
        context["feed_url"] = url
        context["webcal_url"] = "webcal://" + url.split("://", 1)[-1]
    return TemplateResponse(request, "courses/calendar.html", context)


def calendar_feed_view(request, token: str):
    """The feed itself: no login (calendar apps cannot sign in); the secret is the key.
    An unknown or reset secret is a 404, whoever asks."""
    feed = calendar_feed.feed_for_token(token)
    if feed is None:
        raise Http404
    body = calendar_feed.render(feed, base_url=_base_url(request))
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="impact-lms.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
