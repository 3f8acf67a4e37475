"""The trainee's part of the personal-data export: evidence, ratings, self-assessments
and prior-learning claims (erasure follows the account: everything cascades)."""

from lms.accounts.names import person_reference


def competencies_personal_data(user) -> dict:
    from assessments.models import (
        CompetencyRating,
        Evidence,
        FocusGroup,
        PeerRater,
        PriorLearningClaim,
        SelfAssessmentAnswer,
        TrainingPlanLink,
    )

    def iso(value):
        return value.isoformat() if value else None

    return {
        "evidence": [
            {
                "competency": e.competency.idnumber,
                "kind": e.kind,
                "level": e.level,
                "score": str(e.score) if e.score is not None else None,
                "date": iso(e.observed_on),
                "context": e.context,
                "note": e.note,
                "source": e.source,
                "recorded_at": iso(e.created_at),
            }
            for e in Evidence.objects.filter(user=user).select_related("competency")
        ],
        "ratings": [
            {
                "competency": r.competency.idnumber,
                "level": r.level,
                "proficient": r.proficient,
                "rule": r.rule_type,
                "rated_at": iso(r.rated_at),
            }
            # In the order they were first rated (children before parents): without an
            # order, PostgreSQL may return them in any order.
            for r in CompetencyRating.objects.filter(user=user)
            .select_related("competency")
            .order_by("pk")
        ],
        "self_assessment_answers": [
            {
                "self_assessment": a.response.assessment.name,
                "phase": a.response.phase,
                "submitted_at": iso(a.response.submitted_at),
                "statement": a.item.name,
                "answer": a.value,
            }
            for a in SelfAssessmentAnswer.objects.filter(response__user=user).select_related(
                "response__assessment", "item"
            )
        ],
        "prior_learning_claims": [
            {
                "competency": c.competency.idnumber,
                "description": c.description,
                "link": c.link,
                "file": c.file.name if c.file else None,
                "status": c.status,
                "submitted_at": iso(c.submitted_at),
                "decided_at": iso(c.decided_at),
                "decision_note": c.decision_note,
            }
            for c in PriorLearningClaim.objects.filter(user=user).select_related("competency")
        ],
        # The trainer's side: the evidence they recorded and the claims they decided.
        "evidence_recorded": [
            {
                "learner": person_reference(e.user),
                "competency": e.competency.idnumber,
                "kind": e.kind,
                "level": e.level,
                "note": e.note,
                "recorded_at": iso(e.created_at),
            }
            for e in Evidence.objects.filter(recorded_by=user).select_related("user", "competency")
        ],
        "claim_decisions": [
            {
                "learner": person_reference(c.user),
                "competency": c.competency.idnumber,
                "status": c.status,
                "decided_at": iso(c.decided_at),
                "decision_note": c.decision_note,
            }
            for c in PriorLearningClaim.objects.filter(decided_by=user).select_related(
                "user", "competency"
            )
        ],
        # Focus groups: those I took part in (linked by the facilitator) and those I led.
        "focus_groups_attended": [
            {"territory": g.territory, "date": iso(g.held_on)}
            for g in FocusGroup.objects.filter(participants=user)
        ],
        "focus_groups_facilitated": [
            {
                "territory": g.territory,
                "date": iso(g.held_on),
                "participants": g.participant_count,
                "notes": g.notes,
            }
            for g in FocusGroup.objects.filter(facilitator=user)
        ],
        "training_plan_links": [
            {
                "capability": link.capability.idnumber,
                "territory": link.territory,
                "module": link.module.title,
                "linked_at": iso(link.created_at),
            }
            for link in TrainingPlanLink.objects.filter(linked_by=user).select_related(
                "capability", "module"
            )
        ],
        # Peer coaching: whom I may observe, who may observe me, whom I authorised.
        "peer_rater_for": [
            {
                "learner": person_reference(p.learner),
                "authorised_at": iso(p.authorised_at),
                "withdrawn_at": iso(p.revoked_at) if p.revoked_at else None,
            }
            for p in PeerRater.objects.filter(coach=user).select_related("learner")
        ],
        "peer_raters_of_me": [
            {
                "coach": person_reference(p.coach),
                "authorised_at": iso(p.authorised_at),
                "withdrawn_at": iso(p.revoked_at) if p.revoked_at else None,
            }
            for p in PeerRater.objects.filter(learner=user).select_related("coach")
        ],
        "peer_raters_authorised": [
            {
                "coach": person_reference(p.coach),
                "learner": person_reference(p.learner),
                "at": iso(p.authorised_at),
            }
            for p in PeerRater.objects.filter(authorised_by=user).select_related("coach", "learner")
        ],
        "peer_raters_withdrawn": [
            {
                "coach": person_reference(p.coach),
                "learner": person_reference(p.learner),
                "at": iso(p.revoked_at),
            }
            for p in PeerRater.objects.filter(revoked_by=user).select_related("coach", "learner")
        ],
    }
