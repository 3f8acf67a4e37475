"""Evidence from graded quiz attempts, registered with ``assessments.hooks``.

Each graded response to a question aligned to a competency gives quiz-item evidence
(score ÷ maximum); each rubric score on an aligned criterion gives rubric evidence
(level points ÷ the rubric's best level). The hook may run again for the same
attempt (a trainer regrades an essay): unchanged scores add nothing, changed ones are
recorded as corrections of the earlier evidence — evidence itself never changes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from assessments.models import (
    Competency,
    CompetencyAlignment,
    Evidence,
    EvidenceKind,
    RubricScore,
)

from . import services


def _fraction(score, maximum) -> Decimal | None:
    if score is None or not maximum:
        return None
    return max(Decimal(0), min(Decimal(1), Decimal(score) / Decimal(maximum)))


def record_attempt_evidence(attempt) -> list[Evidence]:
    """Turn a graded attempt into evidence for the competencies its questions and
    rubric criteria are aligned to; recompute ratings once. A fixed number of queries."""
    # Auto-grading hands over the responses it has just scored; a trainer's grading
    # does not, and they are read here.
    responses = getattr(attempt, "graded_responses", None)
    if responses is None:
        responses = list(attempt.responses.all())
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
        services.ratings_recompute(user=attempt.user, competencies={e.competency for e in created})
    return created


def _best_points(rubric_ids) -> dict[int, Decimal]:
    from assessments.models import RubricLevel

    best: dict[int, Decimal] = {}
    for rubric_id, points in RubricLevel.objects.filter(rubric_id__in=rubric_ids).values_list(
        "rubric_id", "points"
    ):
        best[rubric_id] = max(best.get(rubric_id, Decimal(0)), points)
    return best
