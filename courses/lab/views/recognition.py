"""Recognition: facilitators turn contributions into competency evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms import hooks as lms_hooks

from .. import selectors, services
from ..forms import RecogniseForm
from .common import context, path_and_access


@login_required
@require_http_methods(["GET", "POST"])
def recognise(request, path_pk: int):
    """Facilitators turn contributions into evidence for the path's competencies."""
    path, access = path_and_access(request, path_pk)
    if not access.can_moderate:
        raise PermissionDenied
    contributions = selectors.contributions_for_recognition(path=path)
    options = lms_hooks.lab_competency_options(path)
    form = RecogniseForm(request.POST or None, contributions=contributions, options=options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = get_object_or_404(get_user_model(), pk=data["user_id"])
        try:
            services.contribution_recognise(
                path=path,
                contribution=data["ref"],
                participant=participant,
                competency_id=data["competency_id"],
                level=data["level"],
                recognised_by=request.user,
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recognised. It now counts as evidence."))
            return redirect("courses:lab:recognise", path.pk)
    by_ref = {item.ref: item for item in contributions}
    recognitions = selectors.recognitions_of(path=path)
    for recognition in recognitions:
        recognition.item = by_ref.get(recognition.contribution)
    return TemplateResponse(
        request,
        "lab/recognise.html",
        context(
            path,
            access,
            form=form,
            options=options,
            contributions=contributions,
            recognitions=recognitions,
        ),
    )
