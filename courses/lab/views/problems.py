"""Problems: posting, reading and commenting, attachments, votes, merging, selection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services, uploads
from ..forms import CommentForm, HideForm, MergeForm, ProblemForm
from ..models import Problem
from .common import back, context, flash_error, path_and_access


@login_required
def problem_list(request, path_pk: int):
    path, access = path_and_access(request, path_pk)
    stages = selectors.stages_of(path)
    board = selectors.problem_board(path=path, stages=stages, user=request.user)
    return TemplateResponse(
        request, "lab/problem_list.html", context(path, access, stages, board=board)
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_new(request, path_pk: int):
    path, access = path_and_access(request, path_pk)
    form = ProblemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create(path=path, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your problem is posted. Thank you!"))
            return redirect(problem.get_absolute_url())
    return TemplateResponse(request, "lab/problem_form.html", context(path, access, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def problem_detail(request, path_pk: int, pk: int):
    """A problem with its comments; the path's people comment on it here."""
    path, access = path_and_access(request, path_pk)
    try:
        problem = selectors.problem_for(path=path, pk=pk)
    except Problem.DoesNotExist:
        raise Http404 from None
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_comment_create(
                problem=problem, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(problem.get_absolute_url() + "#comments")
    stages = selectors.stages_of(path)
    detail = selectors.problem_detail(problem=problem, user=request.user)
    extra = {"detail": detail, "problem": problem, "form": form, "hide_form": HideForm()}
    if access.can_moderate and not problem.merged_into_id:
        extra["merge_form"] = MergeForm(targets=selectors.merge_targets(problem=problem))
    return TemplateResponse(
        request, "lab/problem_detail.html", context(path, access, stages, **extra)
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def problem_attachment(request, path_pk: int, pk: int):
    """A problem's photo or document, for the people of the path only.

    Outsiders, unknown or guessed addresses, and hidden problems (except for
    moderators) get 404. Photos are shown inline; documents are downloaded.
    """
    path, access = path_and_access(request, path_pk)
    try:
        problem = selectors.problem_for(path=path, pk=pk)
    except Problem.DoesNotExist:
        raise Http404 from None
    if not problem.attachment or (problem.is_hidden and not access.can_moderate):
        raise Http404
    if problem.photo_withheld:
        raise Http404
    name = problem.attachment.name
    extension = uploads.extension_of(name)
    try:
        handle = problem.attachment.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not uploads.is_image(name),
        filename=f"{slugify(problem.title)[:60] or 'problem'}-{problem.pk}.{extension}",
        content_type=uploads.content_type_for(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _problem(request, path_pk: int, pk: int) -> Problem:
    path, _access = path_and_access(request, path_pk)
    return get_object_or_404(Problem.objects.select_related("path"), path=path, pk=pk)


@require_POST
@login_required
def problem_vote(request, path_pk: int, pk: int):
    """A participant gives the problem one of their votes."""
    problem = _problem(request, path_pk, pk)
    try:
        services.vote_cast(problem=problem, user=request.user)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("You voted for “%(title)s”.") % {"title": problem.title})
    return back(request, problem.get_absolute_url())


@require_POST
@login_required
def problem_vote_withdraw(request, path_pk: int, pk: int):
    """A participant takes their vote back (while voting is open)."""
    problem = _problem(request, path_pk, pk)
    try:
        services.vote_withdraw(problem=problem, user=request.user)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(
            request, _("You took back your vote for “%(title)s”.") % {"title": problem.title}
        )
    return back(request, problem.get_absolute_url())


@require_POST
@login_required
def problem_merge(request, path_pk: int, pk: int):
    """A facilitator merges a duplicate into another problem; its votes move there."""
    duplicate = _problem(request, path_pk, pk)
    form = MergeForm(request.POST, targets=selectors.merge_targets(problem=duplicate))
    if not form.is_valid():
        messages.error(request, _("Choose the problem to merge into."))
        return redirect(duplicate.get_absolute_url())
    into = Problem.objects.get(pk=form.cleaned_data["into"])
    try:
        services.problem_merge(duplicate=duplicate, into=into, user=request.user)
    except ValidationError as error:
        flash_error(request, error)
        return redirect(duplicate.get_absolute_url())
    messages.success(
        request,
        _("“%(duplicate)s” is merged into “%(into)s”; its votes moved there.")
        % {"duplicate": duplicate.title, "into": into.title},
    )
    return redirect(into.get_absolute_url())


@require_POST
@login_required
def problem_select(request, path_pk: int, pk: int):
    """A facilitator selects the problem for hypotheses (``selected=1``) or unselects it."""
    problem = _problem(request, path_pk, pk)
    selected = request.POST.get("selected") == "1"
    try:
        services.problem_select(problem=problem, user=request.user, selected=selected)
    except ValidationError as error:
        flash_error(request, error)
    else:
        message = (
            _("“%(title)s” is selected for hypotheses.")
            if selected
            else _("“%(title)s” is no longer selected.")
        )
        messages.success(request, message % {"title": problem.title})
    return back(request, problem.get_absolute_url())
