"""Proposals: writing (with the conflict-safe save of ``revisions``, as hypotheses),
review by the local authority, formal responses, publication and follow-up."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import access_for
from ..exceptions import LabError, NotAllowed
from ..models import (
    Hypothesis,
    LabGroup,
    ParticipatoryPath,
    Problem,
    Proposal,
    ProposalComment,
    ProposalFollowUp,
    ProposalResponse,
    StageKind,
)
from ..models.proposals import PROPOSAL_SECTIONS
from .revisions import clean_texts, first_revision, require_member, revised_save
from .stages import require_open_stage

PROPOSAL_FIELDS = ["title", *PROPOSAL_SECTIONS]


def _texts(data: dict) -> dict[str, str]:
    return clean_texts(data, PROPOSAL_FIELDS)


@transaction.atomic
def proposal_create(
    *,
    path: ParticipatoryPath,
    group: LabGroup,
    user,
    data: dict,
    problem: Problem | None = None,
    hypothesis: Hypothesis | None = None,
) -> Proposal:
    """Start a group's proposal while the proposals stage is open."""
    if group.path_id != path.pk:
        raise LabError(_("The group belongs to another path."))
    require_member(user, path, group.pk)
    require_open_stage(path, StageKind.PROPOSALS)
    if hypothesis is not None:
        problem = problem or hypothesis.problem
    proposal = Proposal(
        path=path, group=group, problem=problem, hypothesis=hypothesis, updated_by=user
    )
    texts = _texts(data)
    for name, value in texts.items():
        setattr(proposal, name, value)
    proposal.full_clean()
    proposal.save()
    first_revision(proposal, user=user, texts=texts)
    return proposal


def proposal_update(*, proposal: Proposal, user, base_version: int, data: dict) -> Proposal:
    """Save a member's edit made on top of ``base_version``. Every save is a revision;
    if someone saved in between nothing is overwritten: the attempt is kept as a
    refused revision and ``EditConflict`` carries a three-way merge, as for hypotheses
    (see ``revisions.revised_save``). Drafts only."""
    texts = _texts(data)
    sent = _("This proposal has been sent for review and can no longer change.")

    def validate():
        require_member(user, proposal.path, proposal.group_id)
        if proposal.status != Proposal.Status.DRAFT:
            raise LabError(sent)
        candidate = Proposal(pk=proposal.pk, path_id=proposal.path_id, group_id=proposal.group_id)
        for name, value in texts.items():
            setattr(candidate, name, value)
        candidate.full_clean(
            exclude=["path", "group", "problem", "hypothesis"], validate_unique=False
        )

    return revised_save(
        proposal,
        user=user,
        base_version=base_version,
        texts=texts,
        validate=validate,
        conflict_message=_(
            "Someone else saved this proposal while you were editing. Your text is kept "
            "below next to theirs: combine them and save again."
        ),
        only_while={"status": Proposal.Status.DRAFT},
        closed_message=sent,
    )


@transaction.atomic
def proposal_submit(*, proposal: Proposal, user) -> Proposal:
    """Send a complete draft to the local-authority participants for review."""
    require_member(user, proposal.path, proposal.group_id)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.DRAFT:
        raise LabError(_("This proposal has already been sent for review."))
    missing = [label for label, text in proposal.sections() if not text]
    if missing:
        raise LabError(
            _("Complete every section before sending it: %(missing)s.")
            % {"missing": ", ".join(str(label) for label in missing)}
        )
    proposal.status = Proposal.Status.IN_REVIEW
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at"])
    return proposal


@transaction.atomic
def proposal_comment_create(*, proposal: Proposal, author, body: str) -> ProposalComment:
    """Comment on a proposal (the path's participants and facilitators)."""
    access = access_for(author, proposal.path)
    if not (access.is_participant or access.can_moderate):
        raise NotAllowed(_("Only the people of this path can comment."))
    if proposal.is_hidden:
        raise LabError(_("This proposal is hidden: it cannot be commented on."))
    comment = ProposalComment(proposal=proposal, author=author, body=body.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def proposal_respond(
    *, proposal: Proposal, official, verdict: str, reasons: str
) -> ProposalResponse:
    """A public official's formal response (one per official; giving it again updates it)."""
    if not access_for(official, proposal.path).can_respond:
        raise NotAllowed(_("Only the local-authority participants can respond formally."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == Proposal.Status.DRAFT:
        raise LabError(_("This proposal is still a draft."))
    response = ProposalResponse.objects.filter(proposal=proposal, author=official).first()
    response = response or ProposalResponse(proposal=proposal, author=official)
    response.verdict = verdict
    response.reasons = reasons.strip()
    response.full_clean(validate_unique=False)
    response.save()
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.RESPONDED)
    return response


@transaction.atomic
def proposal_set_public(*, proposal: Proposal, user, is_public: bool) -> Proposal:
    """Opt a proposal in or out of the territory's public page (its group or a coordinator)."""
    access = access_for(user, proposal.path)
    if not (access.in_group(proposal.group_id) or access.is_coordinator):
        raise NotAllowed(_("Only the group or a coordinator can decide this."))
    if is_public and publication_withdrawn_by(proposal):
        raise LabError(
            _("A member of the group has withdrawn their consent to publishing lab work.")
        )
    proposal.is_public = is_public
    proposal.save(update_fields=["is_public"])
    return proposal


def publication_withdrawn_by(proposal: Proposal) -> set[int]:
    """The ids of the group's members (and of the proposal's authors) who have withdrawn
    their consent to publishing lab work: while there is one, the proposal stays private."""
    from lms.accounts.consents import Purpose, withdrawn_among

    people = set(proposal.group.members.all())
    people.update(r.author for r in proposal.revisions.select_related("author") if r.author_id)
    return withdrawn_among(people, Purpose.LAB_PUBLICATION)


def unpublish_work_of(user) -> int:
    """Take every proposal ``user`` contributed to (their group's, or one they saved a
    version of) off the public pages at once; how many were taken off."""
    contributed = Q(group__members=user) | Q(revisions__author=user) | Q(updated_by=user)
    ids = Proposal.objects.filter(contributed, is_public=True).values_list("pk", flat=True)
    return Proposal.objects.filter(pk__in=list(ids)).update(is_public=False)


@transaction.atomic
def follow_up_record(
    *,
    proposal: Proposal,
    user,
    submitted_to: str,
    submitted_on: datetime.date,
    outcome: str,
    links: str = "",
    note: str = "",
) -> ProposalFollowUp:
    """Record what happened to a proposal once handed to the administration."""
    if not access_for(user, proposal.path).can_record_follow_up:
        raise NotAllowed(_("Only coordinators and facilitators record the follow-up."))
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.status == Proposal.Status.DRAFT:
        raise LabError(_("This proposal is still a draft."))
    validate = URLValidator(schemes=["http", "https"])
    lines = [line.strip() for line in links.splitlines() if line.strip()]
    for line in lines:
        try:
            validate(line)
        except ValidationError:
            raise ValidationError(
                {"links": _("“%(link)s” is not a web address.") % {"link": line}}
            ) from None
    follow_up = ProposalFollowUp(
        proposal=proposal,
        submitted_to=submitted_to.strip(),
        submitted_on=submitted_on,
        outcome=outcome,
        links="\n".join(lines),
        note=note.strip(),
        recorded_by=user,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up
