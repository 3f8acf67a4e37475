"""The participant's part of the personal-data export: what they wrote in the lab."""


def lab_personal_data(user) -> dict:
    from .models import (
        ContributionRecognition,
        HypothesisRevision,
        LabGroup,
        Problem,
        ProblemComment,
        ProposalComment,
        ProposalResponse,
        ProposalRevision,
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
    }
