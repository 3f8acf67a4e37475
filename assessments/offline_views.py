"""The endpoint a phone sends a practice quiz's offline answers to (see offline.py)."""

import json
import re

from django.http import Http404, JsonResponse, QueryDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors
from .offline import attempt_offline_answers
from .views import _answers_from_post, _flags_from_post

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_FIELDS = 2_000


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_POST
def attempt_offline(request, pk: int):
    """POST ``{"key": …, "fields": [[name, value], …], "finish": bool}``: the quiz form
    as the phone held it offline. Answers ``{"key", "status", "replayed", "message"}``."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in again to send your changes.")}, status=401)
    attempt = selectors.attempt_for(user=request.user, pk=pk)
    if attempt is None:
        raise Http404
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _bad(_("The request is not valid JSON."))
    if not isinstance(payload, dict):
        return _bad(_("The request must be a JSON object with “key” and “fields”."))
    key, fields = payload.get("key"), payload.get("fields")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        return _bad(_("“key” must be 8 to 64 letters, digits, - or _."))
    if (
        not isinstance(fields, list)
        or len(fields) > MAX_FIELDS
        or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair)
            for pair in fields
        )
    ):
        return _bad(_("“fields” must be a list of [name, value] pairs of text."))
    post = QueryDict(mutable=True)
    for name, value in fields:
        post.appendlist(name, value)
    responses = selectors.attempt_responses(attempt=attempt)
    status, replayed, message = attempt_offline_answers(
        user=request.user,
        attempt=attempt,
        key=key,
        answers=_answers_from_post(responses, post),
        flags=_flags_from_post(responses, post),
        finish=bool(payload.get("finish")),
    )
    return JsonResponse({"key": key, "status": status, "replayed": replayed, "message": message})
