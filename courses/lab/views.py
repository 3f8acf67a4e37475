"""Pages of the participatory lab. Each view loads the path, works out the person's
role in it (``access_for``), refuses what that role may not see or do, then hands
over to a selector (reads) or a service (writes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms import hooks as lms_hooks
from lms.accounts.models import Territory

from . import rendering, selectors, services, uploads
from .access import PathAccess, access_for, paths_visible_to
from .exceptions import EditConflict
from .forms import (
    CommentForm,
    FollowUpForm,
    HideForm,
    HypothesisForm,
    MergeForm,
    ProblemForm,
    ProposalForm,
    RecogniseForm,
    ResponseForm,
)
from .models import (
    Hypothesis,
    ParticipatoryPath,
    Problem,
    ProblemComment,
    Proposal,
    ProposalComment,
    Stage,
    StageKind,
)
from .models.hypotheses import HYPOTHESIS_FIELDS
from .services.proposals import PROPOSAL_FIELDS

HIDEABLE = {
    "problem": Problem,
    "problemcomment": ProblemComment,
    "hypothesis": Hypothesis,
    "proposal": Proposal,
    "proposalcomment": ProposalComment,
}


def _path_and_access(request, path_pk: int) -> tuple[ParticipatoryPath, PathAccess]:
    """The path and the user's role in it; 404 for people outside it (no leak)."""
    path = get_object_or_404(ParticipatoryPath.objects.select_related("cohort"), pk=path_pk)
    access = access_for(request.user, path)
    if not access.can_view:
        raise Http404
    return path, access


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _context(path, access, stages=None, **extra) -> dict:
    stages = stages if stages is not None else selectors.stages_of(path)
    return {
        "path": path,
        "access": access,
        "stages": stages,
        "current_stage": selectors.current_stage(stages),
        **extra,
    }


# --- Paths --------------------------------------------------------------------------


@login_required
def path_list(request):
    """The paths I take part in, facilitate or coordinate."""
    paths = selectors.paths_with_stages(paths_visible_to(request.user))
    return TemplateResponse(request, "lab/path_list.html", {"paths": paths})


@login_required
def path_detail(request, path_pk: int):
    """A path's stages with their dates, instructions and facilitator."""
    path, access = _path_and_access(request, path_pk)
    return TemplateResponse(request, "lab/path_detail.html", _context(path, access))


@require_POST
@login_required
def stage_action(request, path_pk: int, pk: int, action: str):
    path, access = _path_and_access(request, path_pk)
    stage = get_object_or_404(Stage, path=path, pk=pk)
    service = {"open": services.stage_open, "close": services.stage_close}.get(action)
    if service is None:
        raise Http404
    try:
        stage = service(stage=stage, user=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        _error(request, error)
    else:
        message = (
            _("The stage “%(stage)s” is open.")
            if stage.is_open
            else _("The stage “%(stage)s” is closed.")
        )
        messages.success(request, message % {"stage": stage.get_kind_display()})
    return redirect("courses:lab:path", path.pk)


# --- Problems -----------------------------------------------------------------------


@login_required
def problem_list(request, path_pk: int):
    path, access = _path_and_access(request, path_pk)
    stages = selectors.stages_of(path)
    board = selectors.problem_board(path=path, stages=stages, user=request.user)
    return TemplateResponse(
        request, "lab/problem_list.html", _context(path, access, stages, board=board)
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_new(request, path_pk: int):
    path, access = _path_and_access(request, path_pk)
    form = ProblemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create(path=path, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your problem is posted. Thank you!"))
            return redirect(problem.get_absolute_url())
    return TemplateResponse(request, "lab/problem_form.html", _context(path, access, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def problem_detail(request, path_pk: int, pk: int):
    path, access = _path_and_access(request, path_pk)
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
        request, "lab/problem_detail.html", _context(path, access, stages, **extra)
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def problem_attachment(request, path_pk: int, pk: int):
    """A problem's photo or document, for the people of the path only.

    Outsiders, unknown or guessed addresses, and hidden problems (except for
    moderators) get 404. Photos are shown inline; documents are downloaded.
    """
    path, access = _path_and_access(request, path_pk)
    try:
        problem = selectors.problem_for(path=path, pk=pk)
    except Problem.DoesNotExist:
        raise Http404 from None
    if not problem.attachment or (problem.is_hidden and not access.can_moderate):
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


@require_POST
@login_required
def problem_vote(request, path_pk: int, pk: int):
    path, _access = _path_and_access(request, path_pk)
    problem = get_object_or_404(Problem.objects.select_related("path"), path=path, pk=pk)
    try:
        if request.POST.get("action") == "withdraw":
            services.vote_withdraw(problem=problem, user=request.user)
            messages.success(
                request, _("You took back your vote for “%(title)s”.") % {"title": problem.title}
            )
        else:
            services.vote_cast(problem=problem, user=request.user)
            messages.success(request, _("You voted for “%(title)s”.") % {"title": problem.title})
    except ValidationError as error:
        _error(request, error)
    return _back(request, problem.get_absolute_url())


@require_POST
@login_required
def problem_merge(request, path_pk: int, pk: int):
    path, access = _path_and_access(request, path_pk)
    duplicate = get_object_or_404(Problem.objects.select_related("path"), path=path, pk=pk)
    form = MergeForm(request.POST, targets=selectors.merge_targets(problem=duplicate))
    if not form.is_valid():
        messages.error(request, _("Choose the problem to merge into."))
        return redirect(duplicate.get_absolute_url())
    into = Problem.objects.get(pk=form.cleaned_data["into"])
    try:
        services.problem_merge(duplicate=duplicate, into=into, user=request.user)
    except ValidationError as error:
        _error(request, error)
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
    path, _access = _path_and_access(request, path_pk)
    problem = get_object_or_404(Problem.objects.select_related("path"), path=path, pk=pk)
    selected = request.POST.get("selected") == "1"
    try:
        services.problem_select(problem=problem, user=request.user, selected=selected)
    except ValidationError as error:
        _error(request, error)
    else:
        message = (
            _("“%(title)s” is selected for hypotheses.")
            if selected
            else _("“%(title)s” is no longer selected.")
        )
        messages.success(request, message % {"title": problem.title})
    return _back(request, problem.get_absolute_url())


@require_POST
@login_required
def item_hide(request, path_pk: int, kind: str, pk: int):
    """Hide (or show again) a problem, hypothesis, proposal or comment, with a reason."""
    path, access = _path_and_access(request, path_pk)
    model = HIDEABLE.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    if services.moderation.path_of(item).pk != path.pk:
        raise Http404
    if request.POST.get("action") == "unhide":
        services.item_unhide(item=item, user=request.user)
        messages.success(request, _("It is visible again."))
    else:
        form = HideForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say why you hide it: participants will read the reason."))
            services.item_hide(item=item, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Hidden. Participants see your reason instead."))
    return _back(request, path.get_absolute_url())


# --- Hypotheses ---------------------------------------------------------------------


@login_required
def hypothesis_list(request, path_pk: int):
    path, access = _path_and_access(request, path_pk)
    problems = selectors.selected_problems_with_hypotheses(path=path)
    return TemplateResponse(
        request, "lab/hypothesis_list.html", _context(path, access, problems=problems)
    )


def _my_group(access: PathAccess, request):
    groups = selectors.groups_of(access=access)
    wanted = request.POST.get("group") or request.GET.get("group")
    for group in groups:
        if str(group.pk) == wanted:
            return group, groups
    return (groups[0] if groups else None), groups


@login_required
@require_http_methods(["GET", "POST"])
def hypothesis_new(request, path_pk: int, problem_pk: int):
    path, access = _path_and_access(request, path_pk)
    problem = get_object_or_404(
        Problem.objects.select_related("path"), path=path, pk=problem_pk, selected=True
    )
    group, groups = _my_group(access, request)
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
        _context(path, access, problem=problem, form=form, group=group, groups=groups),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hypothesis_detail(request, path_pk: int, pk: int):
    """Read a hypothesis; its group edits it here, safe from overwriting each other."""
    path, access = _path_and_access(request, path_pk)
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
                conflict = _conflict(error, HypothesisForm, HYPOTHESIS_FIELDS)
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
        _context(
            path,
            access,
            stages,
            hypothesis=hypothesis,
            form=form,
            conflict=conflict,
            is_member=access.in_group(hypothesis.group_id),
        ),
    )


def _conflict(error: EditConflict, form_class, fields: list[str]) -> dict:
    """The conflict screen. The form holds the merged text at the current version:
    their changes where only they edited a field, mine where only I did, and mine
    where we both did; those clashing fields show their text beside mine."""
    current = error.current
    form = form_class(data={**error.merged, "version": current.version})
    form.is_valid()
    rows = [
        {
            "label": current._meta.get_field(name).verbose_name,
            "theirs": getattr(current, name),
            "mine": error.mine.get(name, ""),
            "differs": name in error.clashes,
        }
        for name in fields
    ]
    taken = [
        current._meta.get_field(name).verbose_name
        for name in fields
        if name not in error.clashes and error.merged.get(name) != error.mine.get(name)
    ]
    return {
        "message": error.messages[0],
        "rows": rows,
        "current": current,
        "form": form,
        "taken": taken,
    }


@login_required
def hypothesis_history(request, path_pk: int, pk: int):
    path, access = _path_and_access(request, path_pk)
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
        _context(path, access, hypothesis=hypothesis, revisions=revisions, labels=labels),
    )


# --- Proposals ----------------------------------------------------------------------


@login_required
def proposal_list(request, path_pk: int):
    path, access = _path_and_access(request, path_pk)
    proposals = selectors.proposals_of(path=path, access=access)
    hypotheses = []
    if access.group_ids:
        hypotheses = list(
            Hypothesis.objects.filter(
                path=path, group_id__in=access.group_ids, hidden_at__isnull=True
            ).only("pk", "title")
        )
    return TemplateResponse(
        request,
        "lab/proposal_list.html",
        _context(path, access, proposals=proposals, my_hypotheses=hypotheses),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request, path_pk: int):
    path, access = _path_and_access(request, path_pk)
    group, groups = _my_group(access, request)
    if group is None:
        messages.info(request, _("Ask your facilitator to put you in a group first."))
        return redirect("courses:lab:proposals", path.pk)
    hypothesis = None
    hypothesis_pk = request.POST.get("hypothesis") or request.GET.get("hypothesis")
    if hypothesis_pk and hypothesis_pk.isdigit():
        hypothesis = (
            Hypothesis.objects.select_related("problem")
            .filter(path=path, group_id__in=access.group_ids, pk=int(hypothesis_pk))
            .first()
        )
    initial = {"version": 0}
    if hypothesis is not None:
        group = hypothesis.group
        initial.update(
            {
                "title": hypothesis.title,
                "problem_statement": hypothesis.problem.description,
                "evidence": hypothesis.evidence,
                "solution": hypothesis.what,
                "actors": hypothesis.who_acts,
                "costs": hypothesis.resources,
            }
        )
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                path=path,
                group=group,
                user=request.user,
                data=form.cleaned_data,
                hypothesis=hypothesis,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your group's proposal is saved as a draft."))
            return redirect(proposal.get_absolute_url())
    return TemplateResponse(
        request,
        "lab/proposal_form.html",
        _context(path, access, form=form, group=group, hypothesis=hypothesis, proposal=None),
    )


def _proposal(path, access, pk) -> Proposal:
    try:
        proposal = selectors.proposal_for(path=path, pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if proposal.status == Proposal.Status.DRAFT and not (
        access.in_group(proposal.group_id) or access.can_moderate
    ):
        raise Http404
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, path_pk: int, pk: int):
    """A proposal: its sections, review comments, formal responses and follow-up."""
    path, access = _path_and_access(request, path_pk)
    proposal = _proposal(path, access, pk)
    comment_form = CommentForm()
    own_response = None
    response_form = None
    if access.can_respond and proposal.status != Proposal.Status.DRAFT:
        response_form = ResponseForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "comment":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    services.proposal_comment_create(
                        proposal=proposal,
                        author=request.user,
                        body=comment_form.cleaned_data["body"],
                    )
                    messages.success(request, _("Your comment is posted."))
                    return redirect(proposal.get_absolute_url() + "#comments")
            elif action == "respond" and response_form is not None:
                response_form = ResponseForm(request.POST)
                if response_form.is_valid():
                    services.proposal_respond(
                        proposal=proposal, official=request.user, **response_form.cleaned_data
                    )
                    messages.success(
                        request, _("Your response is recorded and shown to the group.")
                    )
                    return redirect(proposal.get_absolute_url() + "#responses")
            elif action == "submit":
                services.proposal_submit(proposal=proposal, user=request.user)
                messages.success(request, _("Sent for review to the local-authority participants."))
                return redirect(proposal.get_absolute_url())
            elif action in ("publish", "unpublish"):
                services.proposal_set_public(
                    proposal=proposal, user=request.user, is_public=action == "publish"
                )
                messages.success(
                    request,
                    _("The proposal is shown on the territory's public page.")
                    if action == "publish"
                    else _("The proposal is no longer on the public page."),
                )
                return redirect(proposal.get_absolute_url())
            else:
                raise PermissionDenied
        except ValidationError as error:
            _error(request, error)
            if action not in ("comment", "respond"):
                return redirect(proposal.get_absolute_url())
    detail = selectors.proposal_detail(proposal=proposal)
    if response_form is not None and not response_form.is_bound:
        own_response = next((r for r in detail.responses if r.author_id == request.user.pk), None)
        if own_response is not None:
            response_form = ResponseForm(instance=own_response)
    return TemplateResponse(
        request,
        "lab/proposal_detail.html",
        _context(
            path,
            access,
            proposal=proposal,
            detail=detail,
            comment_form=comment_form,
            response_form=response_form,
            own_response=own_response,
            hide_form=HideForm(),
            is_member=access.in_group(proposal.group_id),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, path_pk: int, pk: int):
    path, access = _path_and_access(request, path_pk)
    proposal = _proposal(path, access, pk)
    if not access.in_group(proposal.group_id) or proposal.status != Proposal.Status.DRAFT:
        raise PermissionDenied
    initial = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
    form = ProposalForm(request.POST or None, initial={**initial, "version": proposal.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_update(
                proposal=proposal,
                user=request.user,
                base_version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except EditConflict as error:
            conflict = _conflict(error, ProposalForm, PROPOSAL_FIELDS)
            form = conflict["form"]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Everyone in the group sees this version."))
            return redirect(proposal.get_absolute_url())
    return TemplateResponse(
        request,
        "lab/proposal_form.html",
        _context(
            path, access, form=form, group=proposal.group, proposal=proposal, conflict=conflict
        ),
    )


@login_required
def proposal_history(request, path_pk: int, pk: int):
    """Every saved version of a proposal, and the saves refused because of a conflict.
    Drafts are the group's: only its members and the facilitators read the history."""
    path, access = _path_and_access(request, path_pk)
    proposal = _proposal(path, access, pk)
    if not (access.in_group(proposal.group_id) or access.can_moderate):
        raise Http404
    if proposal.is_hidden and not access.can_moderate:
        raise Http404
    revisions = selectors.proposal_revisions(proposal=proposal)
    labels = [(name, Proposal._meta.get_field(name).verbose_name) for name in PROPOSAL_FIELDS]
    return TemplateResponse(
        request,
        "lab/proposal_history.html",
        _context(path, access, proposal=proposal, revisions=revisions, labels=labels),
    )


@login_required
def proposal_pdf(request, path_pk: int, pk: int):
    """The proposal as a PDF dossier to hand to the municipality."""
    path, access = _path_and_access(request, path_pk)
    proposal = _proposal(path, access, pk)
    if proposal.is_hidden and not access.can_moderate:
        raise Http404
    detail = selectors.proposal_detail(proposal=proposal)
    pdf = rendering.proposal_dossier_pdf(detail=detail, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="proposal-{proposal.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def proposal_follow_up(request, path_pk: int, pk: int):
    path, access = _path_and_access(request, path_pk)
    if not access.can_record_follow_up:
        raise PermissionDenied
    proposal = _proposal(path, access, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(proposal=proposal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect(proposal.get_absolute_url() + "#follow-up")
    return TemplateResponse(
        request, "lab/follow_up_form.html", _context(path, access, proposal=proposal, form=form)
    )


# --- Competency evidence -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recognise(request, path_pk: int):
    """Facilitators turn contributions into evidence for the path's competencies."""
    path, access = _path_and_access(request, path_pk)
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
        _context(
            path,
            access,
            form=form,
            options=options,
            contributions=contributions,
            recognitions=recognitions,
        ),
    )


# --- Public page ----------------------------------------------------------------------


def territory_public(request, territory: str):
    """Proposals of a territory that their group chose to publish, with outcomes."""
    if territory not in Territory.values:
        raise Http404
    return TemplateResponse(
        request,
        "lab/territory_public.html",
        {
            "territory": Territory(territory),
            "proposals": selectors.public_proposals(territory=territory),
        },
    )
