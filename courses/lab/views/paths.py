"""Paths and their stages: the list of my paths, a path's stages, opening and closing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import paths_visible_to
from ..models import Stage
from .common import context, flash_error, path_and_access


@login_required
def path_list(request):
    """The paths I take part in, facilitate or coordinate."""
    paths = selectors.paths_with_stages(paths_visible_to(request.user))
    return TemplateResponse(request, "lab/path_list.html", {"paths": paths})


@login_required
def path_detail(request, path_pk: int):
    """A path's stages with their dates, instructions and facilitator."""
    path, access = path_and_access(request, path_pk)
    return TemplateResponse(request, "lab/path_detail.html", context(path, access))


def _stage_change(request, path_pk, pk, service):
    path, _access = path_and_access(request, path_pk)
    stage = get_object_or_404(Stage, path=path, pk=pk)
    try:
        stage = service(stage=stage, user=request.user)
    except ValidationError as error:
        flash_error(request, error)
    else:
        message = (
            _("The stage “%(stage)s” is open.")
            if stage.is_open
            else _("The stage “%(stage)s” is closed.")
        )
        messages.success(request, message % {"stage": stage.get_kind_display()})
    return redirect("courses:lab:path", path.pk)


@require_POST
@login_required
def stage_open(request, path_pk: int, pk: int, action: str = "open"):
    """A facilitator opens a stage (``action`` is the URL's literal "open")."""
    return _stage_change(request, path_pk, pk, services.stage_open)


@require_POST
@login_required
def stage_close(request, path_pk: int, pk: int, action: str = "close"):
    """A facilitator closes a stage (``action`` is the URL's literal "close")."""
    return _stage_change(request, path_pk, pk, services.stage_close)
