"""The participant's part of the personal-data export (what they wrote in the lab, and
what they did there as a facilitator or moderator) and of their erasure."""

from django.db import transaction

from lms.accounts.names import person_reference


def lab_personal_data(user) -> dict:
    from .models import (
        ContributionRecognition,
        Hypothesis,
        HypothesisRevision,
        LabGroup,
        Problem,
        ProblemComment,
        Proposal,
        ProposalComment,
        ProposalFollowUp,
        ProposalResponse,
        ProposalRevision,
        Stage,
        Vote,
    )

    def iso(value):
        return value.isoformat() if value else None

    return {
        "lab_groups": [
            {"group": g.name, "path": str(g.path)}
            for g in LabGroup.objects.filter(members=user).select_related("path")
        ],
        "hypothesis_texts": [
            {"version": r.version, "texts": r.data, "saved_at": iso(r.created_at)}
            for r in HypothesisRevision.objects.filter(author=user).order_by("created_at")
        ],
        "proposal_texts": [
            {"version": r.version, "texts": r.data, "saved_at": iso(r.created_at)}
            for r in ProposalRevision.objects.filter(author=user).order_by("created_at")
        ],
        "problems": [
            {
                "title": p.title,
                "description": p.description,
                "where": p.where,
                "who_is_affected": p.who_is_affected,
                "posted_at": iso(p.created_at),
                "attachment": p.attachment.name.rsplit("/", 1)[-1] if p.attachment else None,
            }
            for p in Problem.objects.filter(author=user)
        ],
        "problem_comments": [
            {"problem": c.problem.title, "comment": c.body, "written_at": iso(c.created_at)}
            for c in ProblemComment.objects.filter(author=user).select_related("problem")
        ],
        "votes": [
            v.problem.title
            for v in Vote.objects.filter(ballot__user=user).select_related("problem")
        ],
        "proposal_comments": [
            {"proposal": c.proposal.title, "comment": c.body, "written_at": iso(c.created_at)}
            for c in ProposalComment.objects.filter(author=user).select_related("proposal")
        ],
        "responses": [
            {"proposal": r.proposal.title, "response": r.verdict, "reasons": r.reasons}
            for r in ProposalResponse.objects.filter(author=user).select_related("proposal")
        ],
        "recognitions": [
            {
                "contribution": r.contribution,
                "competency": r.competency_label,
                "level": r.level,
                "recognised_at": iso(r.created_at),
            }
            for r in ContributionRecognition.objects.filter(user=user)
        ],
        # The facilitator's and moderator's side.
        "recognitions_given": [
            {
                "learner": person_reference(r.user),
                "contribution": r.contribution,
                "competency": r.competency_label,
                "level": r.level,
                "note": r.note,
                "recognised_at": iso(r.created_at),
            }
            for r in ContributionRecognition.objects.filter(recognised_by=user).select_related(
                "user"
            )
        ],
        "stages_facilitated": [
            {"path": str(s.path), "stage": s.get_kind_display(), "status": s.status}
            for s in Stage.objects.filter(facilitator=user).select_related("path")
        ],
        "hypotheses_last_saved": [
            {"title": h.title, "saved_at": iso(h.updated_at)}
            for h in Hypothesis.objects.filter(updated_by=user)
        ],
        "proposals_last_saved": [
            {"title": p.title, "saved_at": iso(p.updated_at)}
            for p in Proposal.objects.filter(updated_by=user)
        ],
        "follow_ups_recorded": [
            {
                "proposal": f.proposal.title,
                "submitted_to": f.submitted_to,
                "outcome": f.outcome,
                "note": f.note,
                "recorded_at": iso(f.created_at),
            }
            for f in ProposalFollowUp.objects.filter(recorded_by=user).select_related("proposal")
        ],
        "hidden_by_me": [
            {
                "kind": model._meta.verbose_name,
                "item": str(item),
                "reason": item.hidden_reason,
                "hidden_at": iso(item.hidden_at),
            }
            for model in (Problem, ProblemComment, Hypothesis, Proposal, ProposalComment)
            for item in model.objects.filter(hidden_by=user)
        ],
    }


def lab_erase_personal_content(user) -> int:
    """Erase, field by field, what ``user`` wrote in the lab and what outlives them (their
    author link is cleared by ``on_delete``, the group's record stays): comments, problem
    texts, their saved versions of hypotheses and proposals, their formal responses.
    Returns how many records were blanked. Called before the account is deleted."""
    from .models import (
        HypothesisRevision,
        Problem,
        ProblemComment,
        ProposalComment,
        ProposalResponse,
        ProposalRevision,
    )

    erased = ERASED_TEXT
    count = 0
    # Their photos and documents go too, the files once the erasure has committed.
    for problem in Problem.objects.filter(author=user).exclude(attachment=""):
        name, storage = problem.attachment.name, problem.attachment.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    Problem.objects.filter(author=user).update(attachment="")
    for model in (ProblemComment, ProposalComment):
        count += model.objects.filter(author=user).update(body=erased)
    count += Problem.objects.filter(author=user).update(
        description=erased, where="", who_is_affected=""
    )
    for model in (HypothesisRevision, ProposalRevision):
        count += model.objects.filter(author=user).update(data={})
    count += ProposalResponse.objects.filter(author=user).update(reasons=erased)
    return count


#: What an erased person's text reads from now on (not translated: stored once).
ERASED_TEXT = "[erased]"
