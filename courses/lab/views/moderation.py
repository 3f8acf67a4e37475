"""Moderation: facilitators hide a contribution, with a reason, or show it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import HideForm
from ..models import Hypothesis, Problem, ProblemComment, Proposal, ProposalComment
from .common import back, flash_error, path_and_access

HIDEABLE = {
    "problem": Problem,
    "problemcomment": ProblemComment,
    "hypothesis": Hypothesis,
    "proposal": Proposal,
    "proposalcomment": ProposalComment,
}


def _item(request, path_pk: int, kind: str, pk: int):
    """The path and the contribution of ``kind`` named in the URL; 404 if not in the path."""
    path, _access = path_and_access(request, path_pk)
    model = HIDEABLE.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    if services.moderation.path_of(item).pk != path.pk:
        raise Http404
    return path, item


@require_POST
@login_required
def item_hide(request, path_pk: int, kind: str, pk: int):
    """Hide a problem, hypothesis, proposal or comment, saying why."""
    path, item = _item(request, path_pk, kind, pk)
    form = HideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why you hide it: participants will read the reason."))
        services.item_hide(item=item, user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Hidden. Participants see your reason instead."))
    return back(request, path.get_absolute_url())


@require_POST
@login_required
def item_unhide(request, path_pk: int, kind: str, pk: int):
    """Show a hidden contribution again."""
    path, item = _item(request, path_pk, kind, pk)
    services.item_unhide(item=item, user=request.user)
    messages.success(request, _("It is visible again."))
    return back(request, path.get_absolute_url())
