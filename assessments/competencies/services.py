"""Writes for competencies: evidence of every kind (graded quiz attempts included),
prior-learning decisions, self-assessments, and the rating recomputation that follows
each of them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Attempt,
    Competency,
    CompetencyAlignment,
    CompetencyFramework,
    CompetencyRating,
    Evidence,
    EvidenceKind,
    PeerRater,
    PriorLearningClaim,
    Response,
    RubricLevel,
    RubricScore,
    RuleType,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentResponse,
)
from lms.roles import is_coordinator, is_trainer

from . import rules, uploads
from .exceptions import CompetencyError


def _scale_for(framework_ids: Iterable[int]) -> dict[int, rules.Scale]:
    """framework id → Scale, in two queries."""
    frameworks = CompetencyFramework.objects.filter(pk__in=framework_ids).select_related("scale")
    result = {}
    for framework in frameworks.prefetch_related("scale__levels"):
        scale = framework.scale
        result[framework.pk] = rules.Scale(len(scale.levels.all()), scale.proficient_from)
    return result


def _check_level(competency: Competency, level: int | None) -> None:
    if level is None:
        return
    levels = competency.framework.scale.levels.count()
    if not 1 <= level <= levels:
        raise CompetencyError(
            _("Level %(level)s is not on this competency's scale (1–%(levels)s).")
            % {"level": level, "levels": levels}
        )


@transaction.atomic
def evidence_record(
    *,
    user,
    competency: Competency,
    kind: str,
    level: int | None = None,
    score: Decimal | float | None = None,
    observed_on: datetime.date | None = None,
    context: str = "",
    note: str = "",
    source: str = "",
    recorded_by=None,
    recorded_by_id: int | None = None,
    corrects: Evidence | None = None,
    recompute: bool = True,
) -> Evidence:
    """Record one piece of evidence and recompute the ratings it concerns.

    Raises ``CompetencyError`` for a level off the scale or a score outside 0–1, and
    ``ValidationError`` for anything else the model refuses.
    """
    _check_level(competency, level)
    if score is not None:
        score = Decimal(str(score)).quantize(Decimal("0.0001"))
        if not Decimal(0) <= score <= Decimal(1):
            raise CompetencyError("A score must be a fraction between 0 and 1.")
    if corrects is not None and (
        corrects.user_id != user.pk or corrects.competency_id != competency.pk
    ):
        raise CompetencyError("A correction must be for the same learner and competency.")
    evidence = Evidence(
        user=user,
        competency=competency,
        kind=kind,
        level=level,
        score=score,
        observed_on=observed_on or timezone.localdate(),
        context=context,
        note=note,
        source=source,
        recorded_by=recorded_by,
        corrects=corrects,
    )
    if recorded_by is None and recorded_by_id is not None:
        evidence.recorded_by_id = recorded_by_id
    evidence.full_clean()
    evidence.save()
    if recompute and kind != EvidenceKind.SELF:
        ratings_recompute(user=user, competencies=[competency])
    return evidence


@transaction.atomic
def observation_record(
    *,
    trainer,
    learner,
    competency: Competency,
    level: int,
    observed_on: datetime.date,
    context: str = "",
    note: str = "",
    corrects: Evidence | None = None,
) -> Evidence:
    """A trainer's observation of practice (coaching a peer, leading a meeting…)."""
    from . import selectors

    if not is_trainer(trainer):
        raise CompetencyError(_("Only trainers record observations."))
    if learner.pk == trainer.pk:
        raise CompetencyError(_("Trainers cannot observe themselves."))
    if not selectors.learners_visible_to(trainer).filter(pk=learner.pk).exists():
        raise CompetencyError(_("This learner is not in a cohort you train."))
    return evidence_record(
        user=learner,
        competency=competency,
        kind=EvidenceKind.OBSERVATION,
        level=level,
        observed_on=observed_on,
        context=context,
        note=note,
        recorded_by=trainer,
        corrects=corrects,
    )


def _completed_a_path(user) -> bool:
    from courses.models import Enrollment

    return Enrollment.objects.filter(user=user, completed_at__isnull=False).exists()


@transaction.atomic
def peer_rater_authorise(*, coordinator, coach, learner) -> PeerRater:
    """A coordinator lets a peer coach (a trainee who completed a path) observe
    ``learner``. Authorising twice changes nothing."""
    from lms.roles import Role, has_role, is_coordinator

    if not is_coordinator(coordinator):
        raise CompetencyError(_("Only coordinators authorise peer coaches as raters."))
    if coach.pk == learner.pk:
        raise CompetencyError(_("A peer coach cannot rate themselves."))
    if not has_role(coach, Role.TRAINEE) or not _completed_a_path(coach):
        raise CompetencyError(_("A peer coach is a trainee who completed a path."))
    rater, _created = PeerRater.objects.get_or_create(
        coach=coach,
        learner=learner,
        revoked_at__isnull=True,
        defaults={"authorised_by": coordinator},
    )
    return rater


@transaction.atomic
def peer_rater_revoke(*, coordinator, rater: PeerRater) -> PeerRater:
    """A coordinator withdraws a peer coach's authorisation to observe a learner: the
    authorisation is stamped (kept as history), the coach's earlier observations stay
    evidence, labelled peer observations. Coordinators of the learner's territories only."""
    from lms.roles import territories_for

    from .selectors import learners_visible_to

    if not is_coordinator(coordinator):
        raise CompetencyError(_("Only coordinators withdraw a peer coach's authorisation."))
    if territories_for(coordinator) is not None and not (
        learners_visible_to(coordinator).filter(pk=rater.learner_id).exists()
    ):
        raise CompetencyError(_("This learner is not in your territories."))
    rater = PeerRater.objects.select_for_update().get(pk=rater.pk)
    if rater.revoked_at is not None:
        raise CompetencyError(_("This authorisation was already withdrawn."))
    rater.revoked_at = timezone.now()
    rater.revoked_by = coordinator
    rater.save(update_fields=["revoked_at", "revoked_by"])
    return rater


@transaction.atomic
def peer_observation_record(
    *,
    coach,
    learner,
    competency: Competency,
    level: int,
    observed_on: datetime.date,
    context: str = "",
    note: str = "",
) -> Evidence:
    """A peer coach's observation of a learner a coordinator authorised them to rate:
    evidence of its own kind, labelled "peer observation" wherever it is shown."""
    if learner.pk == coach.pk:
        raise CompetencyError(_("A peer coach cannot rate themselves."))
    authorisations = PeerRater.objects.filter(coach=coach, learner=learner)
    if not authorisations.filter(revoked_at__isnull=True).exists():
        if authorisations.exists():
            raise CompetencyError(
                _(
                    "A coordinator withdrew your permission to observe this learner. "
                    "Your earlier observations stay in the evidence."
                )
            )
        raise CompetencyError(_("You are not authorised to observe this learner."))
    return evidence_record(
        user=learner,
        competency=competency,
        kind=EvidenceKind.PEER_OBSERVATION,
        level=level,
        observed_on=observed_on,
        context=context,
        note=note,
        recorded_by=coach,
    )


@transaction.atomic
def quiz_evidence_record(
    *,
    user,
    items: Iterable[tuple[Competency, Decimal | float, str]],
    kind: str = EvidenceKind.QUIZ_ITEM,
    observed_on: datetime.date | None = None,
    recorded_by=None,
) -> list[Evidence]:
    """Evidence from answered quiz items or rubric scores, then one recomputation.

    ``items`` are (competency, score fraction 0–1, source reference) triples, e.g. one
    per graded response aligned to a competency. (Grading a quiz attempt records its
    evidence with ``attempt_evidence_record``.)
    """
    if kind not in rules.SCORED_KINDS:
        raise CompetencyError("Quiz evidence is a quiz answer or a rubric score.")
    created = [
        evidence_record(
            user=user,
            competency=competency,
            kind=kind,
            score=score,
            observed_on=observed_on,
            source=source,
            recorded_by=recorded_by,
            recompute=False,
        )
        for competency, score, source in items
    ]
    ratings_recompute(user=user, competencies={e.competency for e in created})
    return created


def _fraction(score, maximum) -> Decimal | None:
    if score is None or not maximum:
        return None
    return max(Decimal(0), min(Decimal(1), Decimal(score) / Decimal(maximum)))


# Not atomic itself: it runs inside the grading transaction (a savepoint of its own would
# add two statements to every submission).
def attempt_evidence_record(*, attempt: Attempt, responses: list[Response]) -> list[Evidence]:
    """Turn a graded attempt into evidence for the competencies its questions and rubric
    criteria are aligned to, then recompute the ratings once. A fixed number of queries.

    ``responses`` are the attempt's responses with their scores (grading has them at
    hand). Each graded response to a question aligned to a competency gives quiz-item
    evidence (score ÷ maximum); each rubric score on an aligned criterion gives rubric
    evidence (level points ÷ the rubric's best level). Grading may run again for the
    same attempt (a trainer regrades an essay): unchanged scores add nothing, changed
    ones are recorded as corrections of the earlier evidence — evidence never changes.
    """
    by_question = defaultdict(list)
    by_criterion = defaultdict(list)
    alignments = CompetencyAlignment.objects.filter(
        question_id__in={r.question_id for r in responses}
    ).values_list("question_id", "competency_id")
    for question_id, competency_id in alignments:
        by_question[question_id].append(competency_id)
    rubric_scores = list(
        RubricScore.objects.filter(response__attempt=attempt).select_related(
            "level", "criterion__rubric", "response"
        )
    )
    if rubric_scores:
        for criterion_id, competency_id in CompetencyAlignment.objects.filter(
            criterion_id__in={s.criterion_id for s in rubric_scores}
        ).values_list("criterion_id", "competency_id"):
            by_criterion[criterion_id].append(competency_id)
    wanted = []  # (competency id, kind, fraction, source, recorded_by)
    for response in responses:
        fraction = _fraction(response.score, response.max_score)
        if fraction is None:
            continue
        for competency_id in by_question.get(response.question_id, []):
            wanted.append(
                (
                    competency_id,
                    EvidenceKind.QUIZ_ITEM,
                    fraction,
                    f"assessments.Response:{response.pk}",
                    response.graded_by_id,
                )
            )
    if by_criterion:
        best = _best_points({s.criterion.rubric_id for s in rubric_scores})
        for rubric_score in rubric_scores:
            top = best.get(rubric_score.criterion.rubric_id)
            fraction = _fraction(rubric_score.level.points, top)
            if fraction is None:
                continue
            for competency_id in by_criterion.get(rubric_score.criterion_id, []):
                wanted.append(
                    (
                        competency_id,
                        EvidenceKind.RUBRIC,
                        fraction,
                        f"assessments.Response:{rubric_score.response_id}"
                        f"#criterion:{rubric_score.criterion_id}",
                        rubric_score.response.graded_by_id,
                    )
                )
    if not wanted:
        return []
    earlier = {}
    for evidence in Evidence.objects.filter(
        user=attempt.user, source__in={source for _c, _k, _f, source, _by in wanted}
    ).order_by("created_at", "pk"):
        earlier[(evidence.competency_id, evidence.source)] = evidence  # latest wins
    competencies = Competency.objects.select_related("framework__scale").in_bulk(
        {competency_id for competency_id, *_rest in wanted}
    )
    observed_on = (attempt.graded_at or attempt.submitted_at).date()
    created = []
    for competency_id, kind, fraction, source, recorded_by_id in wanted:
        previous = earlier.get((competency_id, source))
        fraction = fraction.quantize(Decimal("0.0001"))
        if previous is not None and previous.score == fraction:
            continue
        # What evidence_record would check, known here by construction: a scored kind,
        # a fraction clamped to 0–1, and a correction of the same learner and competency
        # (``earlier`` holds only this learner's evidence, keyed by competency).
        created.append(
            Evidence(
                user=attempt.user,
                competency=competencies[competency_id],
                kind=kind,
                score=fraction,
                observed_on=observed_on,
                source=source,
                recorded_by_id=recorded_by_id,
                corrects=previous,
            )
        )
    if created:
        # One INSERT for every question of the attempt, then one recompute.
        created = Evidence.objects.bulk_create(created)
        ratings_recompute(user=attempt.user, competencies={e.competency for e in created})
    return created


def _best_points(rubric_ids) -> dict[int, Decimal]:
    best: dict[int, Decimal] = {}
    for rubric_id, points in RubricLevel.objects.filter(rubric_id__in=rubric_ids).values_list(
        "rubric_id", "points"
    ):
        best[rubric_id] = max(best.get(rubric_id, Decimal(0)), points)
    return best


@transaction.atomic
def prior_learning_submit(
    *, user, competency: Competency, description: str, file=None, link: str = ""
) -> PriorLearningClaim:
    """A trainee's claim of prior learning; it counts only once a trainer approves it."""
    if not (file or link):
        raise CompetencyError("Add a file or a link that shows your prior learning.")
    claim = PriorLearningClaim(user=user, competency=competency, description=description, link=link)
    if file:
        # Checked by content, photos re-encoded without metadata (see uploads.py).
        try:
            claim.file = uploads.clean_attachment(file)
        except ValidationError as error:
            raise CompetencyError(" ".join(error.messages)) from None
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def prior_learning_decide(
    *,
    claim: PriorLearningClaim,
    trainer,
    approve: bool,
    level: int | None = None,
    note: str = "",
) -> Evidence:
    """Approve (evidence at ``level``) or reject a pending claim (evidence of the
    rejection, at no level); returns the evidence record of the decision."""
    claim = PriorLearningClaim.objects.select_for_update().get(pk=claim.pk)
    if not is_trainer(trainer):
        raise CompetencyError("Only trainers decide on prior learning.")
    if claim.status != PriorLearningClaim.Status.PENDING:
        raise CompetencyError("This claim has already been decided.")
    if claim.user_id == trainer.pk:
        raise CompetencyError(_("Trainers cannot approve their own claims."))
    from . import selectors

    if not selectors.learners_visible_to(trainer).filter(pk=claim.user_id).exists():
        raise CompetencyError(_("This learner is not in a cohort you train."))
    if approve and level is None:
        raise CompetencyError("Choose the level the prior learning shows.")
    claim.status = (
        PriorLearningClaim.Status.APPROVED if approve else PriorLearningClaim.Status.REJECTED
    )
    claim.decided_by = trainer
    claim.decided_at = timezone.now()
    claim.decision_note = note
    claim.full_clean()
    claim.save()
    # Either way the decision is a rater's evidence record, which a coordinator can
    # moderate: an approval at ``level`` (the rules count it), a rejection without one.
    return evidence_record(
        user=claim.user,
        competency=claim.competency,
        kind=EvidenceKind.PRIOR_LEARNING if approve else EvidenceKind.CLAIM_REJECTED,
        level=level if approve else None,
        note=note or (claim.description if approve else ""),
        context=claim.link,
        source=f"assessments.PriorLearningClaim:{claim.pk}",
        recorded_by=trainer,
    )


def likert_to_level(average: Decimal, levels: int) -> int:
    """Map an average 1–5 answer onto a scale of ``levels`` levels (1 → 1, 5 → top)."""
    position = (average - 1) / 4 * (levels - 1) + 1
    return max(1, min(levels, int(position.quantize(Decimal(1), rounding="ROUND_HALF_UP"))))


def _self_assessment_items(assessment: SelfAssessment, answers: dict[int, int]) -> list:
    if not assessment.is_open:
        raise CompetencyError("This self-assessment is closed.")
    items = list(assessment.items.select_related("competency"))
    missing = [item for item in items if answers.get(item.pk) not in range(1, 6)]
    if missing:
        raise CompetencyError("Answer every statement with a value from 1 to 5.")
    return items


def _self_evidence(*, user, assessment, response, items, answers, earlier=None) -> None:
    """One self-assessment evidence per competency (the mean of its statements); with
    ``earlier`` (competency id → evidence) each one corrects the evidence it replaces."""
    by_competency: dict[Competency, list[int]] = defaultdict(list)
    for item in items:
        by_competency[item.competency].append(answers[item.pk])
    levels = assessment.framework.scale.levels.count()
    for competency, values in by_competency.items():
        average = Decimal(sum(values)) / len(values)
        evidence_record(
            user=user,
            competency=competency,
            kind=EvidenceKind.SELF,
            level=likert_to_level(average, levels),
            context=response.get_phase_display(),
            source=f"assessments.SelfAssessmentResponse:{response.pk}",
            recorded_by=user,
            corrects=(earlier or {}).get(competency.pk),
            recompute=False,
        )


@transaction.atomic
def self_assessment_submit(
    *, user, assessment: SelfAssessment, answers: dict[int, int], phase: str | None = None
) -> SelfAssessmentResponse:
    """Store a response of ``phase`` (item id → 1–5) and one self-assessment evidence
    per competency, without asking whether that phase is open: for the demo and for
    records of the past. Without ``phase``, the first response is the start and later
    ones the end. Trainees go through ``self_assessment_fill``."""
    items = _self_assessment_items(assessment, answers)
    if phase is None:
        earlier = SelfAssessmentResponse.objects.filter(user=user, assessment=assessment).exists()
        phase = SelfAssessmentResponse.Phase.END if earlier else SelfAssessmentResponse.Phase.START
    response = SelfAssessmentResponse(
        assessment=assessment, user=user, phase=phase, submitted_at=timezone.now()
    )
    response.full_clean()
    response.save()
    SelfAssessmentAnswer.objects.bulk_create(
        SelfAssessmentAnswer(response=response, item=item, value=answers[item.pk]) for item in items
    )
    _self_evidence(
        user=user, assessment=assessment, response=response, items=items, answers=answers
    )
    return response


@transaction.atomic
def self_assessment_fill(
    *, user, assessment: SelfAssessment, phase: str, answers: dict[int, int]
) -> tuple[SelfAssessmentResponse, bool]:
    """A trainee fills in, or changes, the start or the end self-assessment; returns
    (response, changed). Raises ``CompetencyError`` when that phase is not open to them:
    the start can be changed for ``EDIT_DAYS`` days and not after the end is filled in;
    the end opens when their path is complete or a coordinator has opened it."""
    from .selectors import self_assessment_state

    state = self_assessment_state(user, assessment)
    Phase = SelfAssessmentResponse.Phase
    if phase not in Phase.values:
        raise CompetencyError("Choose the start or the end self-assessment.")
    if not state.may_fill(phase):
        if phase == Phase.END and not state.end_open:
            raise CompetencyError(
                "The end self-assessment opens when you complete your path, or when a "
                "coordinator opens it."
            )
        raise CompetencyError("This self-assessment can no longer be changed.")
    existing = state.start if phase == Phase.START else state.end
    if existing is None:
        return self_assessment_submit(
            user=user, assessment=assessment, answers=answers, phase=phase
        ), False
    items = _self_assessment_items(assessment, answers)
    stored = {answer.item_id: answer for answer in existing.answers.all()}
    changed = []
    for item in items:
        answer = stored.get(item.pk)
        if answer is None:
            SelfAssessmentAnswer.objects.create(
                response=existing, item=item, value=answers[item.pk]
            )
        elif answer.value != answers[item.pk]:
            answer.value = answers[item.pk]
            changed.append(answer)
    SelfAssessmentAnswer.objects.bulk_update(changed, ["value"])
    source = f"assessments.SelfAssessmentResponse:{existing.pk}"
    earlier = {}
    for evidence in Evidence.objects.filter(user=user, kind=EvidenceKind.SELF, source=source):
        earlier.setdefault(evidence.competency_id, evidence)  # newest first
    _self_evidence(
        user=user,
        assessment=assessment,
        response=existing,
        items=items,
        answers=answers,
        earlier=earlier,
    )
    return existing, True


@transaction.atomic
def self_assessment_open_end(*, coordinator, assessment: SelfAssessment, open: bool = True):
    """A coordinator opens (or closes again) the end self-assessment to every trainee,
    whether or not their path is complete."""
    if not is_coordinator(coordinator):
        raise CompetencyError("Only a coordinator can open the end self-assessment.")
    assessment.end_opened_at = timezone.now() if open else None
    assessment.save(update_fields=["end_opened_at"])
    return assessment


@transaction.atomic
def ratings_recompute(*, user, competencies: Iterable[Competency]) -> list[CompetencyRating]:
    """Recompute and store ``user``'s ratings for ``competencies`` and, where an ancestor
    rates by "all children proficient", for those ancestors too. Nothing else is touched.

    A fixed number of queries whatever the number of competencies or evidence.
    """
    wanted = {c.pk for c in competencies}
    if not wanted:
        return []
    framework_ids = {c.framework_id for c in competencies}
    tree = {
        row["pk"]: row
        for row in Competency.objects.filter(framework_id__in=framework_ids).values(
            "pk",
            "parent_id",
            "framework_id",
            "rule_type",
            "rule_count",
            "rule_min_percent",
            "rule_counts_peers",
        )
    }
    children = defaultdict(list)
    for row in tree.values():
        if row["parent_id"]:
            children[row["parent_id"]].append(row["pk"])
    concerned = set(wanted)
    for pk in wanted:
        parent_id = tree[pk]["parent_id"]
        while parent_id and tree[parent_id]["rule_type"] == RuleType.ALL_CHILDREN:
            concerned.add(parent_id)
            parent_id = tree[parent_id]["parent_id"]
    scales = _scale_for(framework_ids)
    evidence = defaultdict(list)
    for item in (
        Evidence.objects.filter(user=user, competency_id__in=concerned)
        .exclude(kind=EvidenceKind.SELF)
        .order_by("-observed_on", "-created_at", "-pk")
    ):
        evidence[item.competency_id].append(item)
    needed_ratings = set(concerned)
    for pk in concerned:
        if tree[pk]["rule_type"] == RuleType.ALL_CHILDREN:
            needed_ratings.update(children[pk])
    ratings = {
        r.competency_id: r
        for r in CompetencyRating.objects.select_for_update().filter(
            user=user, competency_id__in=needed_ratings
        )
    }

    def depth(pk):
        d, parent_id = 0, tree[pk]["parent_id"]
        while parent_id:
            d, parent_id = d + 1, tree[parent_id]["parent_id"]
        return d

    now = timezone.now()
    to_create, to_update = [], []
    for pk in sorted(concerned, key=depth, reverse=True):  # children before parents
        row = tree[pk]
        scale = scales[row["framework_id"]]
        config = rules.RuleConfig(
            row["rule_type"], row["rule_count"], row["rule_min_percent"], row["rule_counts_peers"]
        )
        if row["rule_type"] == RuleType.ALL_CHILDREN:
            pairs = [(_Ref(child), ratings.get(child)) for child in children[pk]]
            outcome = rules.all_children(pairs, scale, config)
        else:
            outcome = rules.EVIDENCE_RULES[row["rule_type"]](evidence[pk], scale, config)
        proficient = outcome.level is not None and outcome.level >= scale.proficient_from
        rating = ratings.get(pk)
        if rating is None:
            rating = CompetencyRating(user=user, competency_id=pk)
            to_create.append(rating)
        elif (rating.level, rating.proficient, rating.rule_type, rating.detail) == (
            outcome.level,
            proficient,
            row["rule_type"],
            outcome.detail(),
        ):
            continue
        else:
            to_update.append(rating)
        rating.level = outcome.level
        rating.proficient = proficient
        rating.rule_type = row["rule_type"]
        rating.detail = outcome.detail()
        rating.rated_at = now
        ratings[pk] = rating
    CompetencyRating.objects.bulk_create(to_create)
    CompetencyRating.objects.bulk_update(
        to_update, ["level", "proficient", "rule_type", "detail", "rated_at"]
    )
    return to_create + to_update


class _Ref:
    """A bare competency reference (just a pk) for the children rule."""

    def __init__(self, pk):
        self.pk = pk
