"""Hypotheses of solution: the list by selected problem, drafting one as a group,
editing it together (safe from overwriting each other) and its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..exceptions import EditConflict
from ..forms import HypothesisForm
from ..models import Hypothesis, Problem, StageKind
from ..models.hypotheses import HYPOTHESIS_FIELDS
from .common import conflict_screen, context, my_group, path_and_access


@login_required
def hypothesis_list(request, path_pk: int):
    path, access = path_and_access(request, path_pk)
    problems = selectors.selected_problems_with_hypotheses(path=path)
    return TemplateResponse(
        request, "lab/hypothesis_list.html", context(path, access, problems=problems)
    )


@login_required
@require_http_methods(["GET", "POST"])
def hypothesis_new(request, path_pk: int, problem_pk: int):
    path, access = path_and_access(request, path_pk)
    problem = get_object_or_404(
        Problem.objects.select_related("path"), path=path, pk=problem_pk, selected=True
    )
    group, groups = my_group(access, request)
    if group is None:
        messages.info(request, _("Ask your facilitator to put you in a group first."))
        return redirect("courses:lab:hypotheses", path.pk)
    form = HypothesisForm(request.POST or None, initial={"version": 0})
    if request.method == "POST" and form.is_valid():
        try:
            hypothesis = services.hypothesis_create(
                problem=problem, group=group, user=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your group's hypothesis is saved."))
            return redirect(hypothesis.get_absolute_url())
    return TemplateResponse(
        request,
        "lab/hypothesis_new.html",
        context(path, access, problem=problem, form=form, group=group, groups=groups),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hypothesis_detail(request, path_pk: int, pk: int):
    """Read a hypothesis; its group edits it here, safe from overwriting each other."""
    path, access = path_and_access(request, path_pk)
    try:
        hypothesis = selectors.hypothesis_for(path=path, pk=pk)
    except Hypothesis.DoesNotExist:
        raise Http404 from None
    stages = selectors.stages_of(path)
    stage = stages.get(StageKind.HYPOTHESES)
    can_edit = access.in_group(hypothesis.group_id) and bool(stage and stage.is_open)
    conflict = None
    form = None
    if can_edit:
        initial = {**hypothesis.texts(), "version": hypothesis.version}
        form = HypothesisForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                hypothesis = services.hypothesis_update(
                    hypothesis=hypothesis,
                    user=request.user,
                    base_version=data["version"],
                    data=data,
                )
            except EditConflict as error:
                conflict = conflict_screen(error, HypothesisForm, HYPOTHESIS_FIELDS)
                hypothesis = error.current
                form = conflict["form"]
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved. Everyone in the group sees this version."))
                return redirect(hypothesis.get_absolute_url())
    return TemplateResponse(
        request,
        "lab/hypothesis_detail.html",
        context(
            path,
            access,
            stages,
            hypothesis=hypothesis,
            form=form,
            conflict=conflict,
            is_member=access.in_group(hypothesis.group_id),
        ),
    )


@login_required
def hypothesis_history(request, path_pk: int, pk: int):
    path, access = path_and_access(request, path_pk)
    try:
        hypothesis = selectors.hypothesis_for(path=path, pk=pk)
    except Hypothesis.DoesNotExist:
        raise Http404 from None
    if hypothesis.is_hidden and not access.can_moderate:
        raise Http404
    revisions = selectors.hypothesis_revisions(hypothesis=hypothesis)
    labels = [(name, Hypothesis._meta.get_field(name).verbose_name) for name in HYPOTHESIS_FIELDS]
    return TemplateResponse(
        request,
        "lab/hypothesis_history.html",
        context(path, access, hypothesis=hypothesis, revisions=revisions, labels=labels),
    )
