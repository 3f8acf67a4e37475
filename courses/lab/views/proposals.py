"""Proposals: the list, writing one as a group, its page, and one view per thing done
to it (comment, formal response, sending for review, publishing), its history, the
PDF dossier, the follow-up, and the territory's public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.models import Territory
from lms.i18n import negotiated

from .. import rendering, selectors, services
from ..exceptions import EditConflict
from ..forms import CommentForm, FollowUpForm, HideForm, ProposalForm, ResponseForm
from ..models import Hypothesis, Proposal, StageKind
from ..services.proposals import PROPOSAL_FIELDS
from .common import conflict_screen, context, flash_error, my_group, path_and_access


@login_required
def proposal_list(request, path_pk: int):
    path, access = path_and_access(request, path_pk)
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
        context(path, access, proposals=proposals, my_hypotheses=hypotheses),
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request, path_pk: int):
    path, access = path_and_access(request, path_pk)
    group, _groups = my_group(access, request)
    if group is None:
        messages.info(request, _("Ask your facilitator to put you in a group first."))
        return redirect("courses:lab:proposals", path.pk)
    stages = selectors.stages_of(path)
    stage = stages.get(StageKind.PROPOSALS)
    if stage is None or not stage.is_open:
        # Say so before anyone fills eight fields that the service would refuse.
        return TemplateResponse(
            request,
            "lab/proposal_form.html",
            context(path, access, stages, group=group, closed_stage=stage or True, proposal=None),
        )
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
        context(path, access, form=form, group=group, hypothesis=hypothesis, proposal=None),
    )


def _proposal(path, access, pk) -> Proposal:
    """The proposal, if I may read it: drafts are for their group and the facilitators."""
    try:
        proposal = selectors.proposal_for(path=path, pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if proposal.status == Proposal.Status.DRAFT and not (
        access.in_group(proposal.group_id) or access.can_moderate
    ):
        raise Http404
    return proposal


def _path_and_proposal(request, path_pk: int, pk: int):
    path, access = path_and_access(request, path_pk)
    return path, access, _proposal(path, access, pk)


def _proposal_page(request, path, access, proposal, *, comment_form=None, response_form=None):
    """The proposal's page; a comment or a response that was refused comes back in
    its form, with what was typed."""
    if response_form is None and access.can_respond and proposal.status != Proposal.Status.DRAFT:
        response_form = ResponseForm()
    detail = selectors.proposal_detail(proposal=proposal)
    own_response = None
    if response_form is not None and not response_form.is_bound:
        own_response = next((r for r in detail.responses if r.author_id == request.user.pk), None)
        if own_response is not None:
            response_form = ResponseForm(instance=own_response)
    return TemplateResponse(
        request,
        "lab/proposal_detail.html",
        context(
            path,
            access,
            proposal=proposal,
            detail=detail,
            comment_form=comment_form if comment_form is not None else CommentForm(),
            response_form=response_form,
            own_response=own_response,
            hide_form=HideForm(),
            is_member=access.in_group(proposal.group_id),
            # Moderation forms come back here, also from a refused comment's page.
            next_url=proposal.get_absolute_url(),
        ),
    )


@login_required
@require_GET
def proposal_detail(request, path_pk: int, pk: int):
    """A proposal: its sections, review comments, formal responses and follow-up."""
    path, access, proposal = _path_and_proposal(request, path_pk, pk)
    return _proposal_page(request, path, access, proposal)


@require_POST
@login_required
def proposal_comment(request, path_pk: int, pk: int):
    """The path's people comment on a proposal under review."""
    path, access, proposal = _path_and_proposal(request, path_pk, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_comment_create(
                proposal=proposal, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(proposal.get_absolute_url() + "#comments")
    return _proposal_page(request, path, access, proposal, comment_form=form)


@require_POST
@login_required
def proposal_respond(request, path_pk: int, pk: int):
    """A local-authority participant records their formal response (or changes it)."""
    path, access, proposal = _path_and_proposal(request, path_pk, pk)
    if not access.can_respond or proposal.status == Proposal.Status.DRAFT:
        raise PermissionDenied
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_respond(proposal=proposal, official=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, _("Your response is recorded and shown to the group."))
            return redirect(proposal.get_absolute_url() + "#responses")
    return _proposal_page(request, path, access, proposal, response_form=form)


@require_POST
@login_required
def proposal_submit(request, path_pk: int, pk: int):
    """The group sends its complete draft for review."""
    _path, _access, proposal = _path_and_proposal(request, path_pk, pk)
    try:
        services.proposal_submit(proposal=proposal, user=request.user)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Sent for review to the local-authority participants."))
    return redirect(proposal.get_absolute_url())


def _set_public(request, path_pk: int, pk: int, *, is_public: bool, done: str):
    _path, _access, proposal = _path_and_proposal(request, path_pk, pk)
    try:
        services.proposal_set_public(proposal=proposal, user=request.user, is_public=is_public)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, done)
    return redirect(proposal.get_absolute_url())


@require_POST
@login_required
def proposal_publish(request, path_pk: int, pk: int):
    """The group (or a coordinator) shows the proposal on the territory's public page."""
    done = _("The proposal is shown on the territory's public page.")
    return _set_public(request, path_pk, pk, is_public=True, done=done)


@require_POST
@login_required
def proposal_unpublish(request, path_pk: int, pk: int):
    """The group (or a coordinator) takes the proposal off the public page."""
    done = _("The proposal is no longer on the public page.")
    return _set_public(request, path_pk, pk, is_public=False, done=done)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, path_pk: int, pk: int):
    path, access, proposal = _path_and_proposal(request, path_pk, pk)
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
            conflict = conflict_screen(error, ProposalForm, PROPOSAL_FIELDS)
            form = conflict["form"]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Everyone in the group sees this version."))
            return redirect(proposal.get_absolute_url())
    return TemplateResponse(
        request,
        "lab/proposal_form.html",
        context(
            path, access, form=form, group=proposal.group, proposal=proposal, conflict=conflict
        ),
    )


@login_required
def proposal_history(request, path_pk: int, pk: int):
    """Every saved version of a proposal, and the saves refused because of a conflict.
    Drafts are the group's: only its members and the facilitators read the history."""
    path, access, proposal = _path_and_proposal(request, path_pk, pk)
    if not (access.in_group(proposal.group_id) or access.can_moderate):
        raise Http404
    if proposal.is_hidden and not access.can_moderate:
        raise Http404
    revisions = selectors.proposal_revisions(proposal=proposal)
    labels = [(name, Proposal._meta.get_field(name).verbose_name) for name in PROPOSAL_FIELDS]
    return TemplateResponse(
        request,
        "lab/proposal_history.html",
        context(path, access, proposal=proposal, revisions=revisions, labels=labels),
    )


@login_required
def proposal_pdf(request, path_pk: int, pk: int):
    """The proposal as a PDF dossier to hand to the municipality."""
    _path, access, proposal = _path_and_proposal(request, path_pk, pk)
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
    path, access = path_and_access(request, path_pk)
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
        request, "lab/follow_up_form.html", context(path, access, proposal=proposal, form=form)
    )


@negotiated()
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
