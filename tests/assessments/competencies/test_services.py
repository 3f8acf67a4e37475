"""Evidence services and the rating rules they trigger."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assessments.competencies import selectors, services
from assessments.competencies.exceptions import CompetencyError
from assessments.models import (
    CompetencyRating,
    Evidence,
    EvidenceKind,
    PriorLearningClaim,
    RuleType,
)
from assessments.models.evidence import ImmutableError
from tests.factories import TrainerFactory

from .factories import make_self_assessment, trains

DAY = datetime.date(2026, 3, 10)


def rating(user, competency):
    return CompetencyRating.objects.get(user=user, competency=competency)


def map_row(user, framework, competency):
    framework = selectors.framework_get(framework.idnumber)
    with translation.override("en"):
        _scale, rows = selectors.learner_map(user, framework)
    return next(row for row in rows if row.competency.pk == competency.pk)


def observe(trainer, trainee, competency, level, day=DAY):
    if trainer.pk != trainee.pk:
        trains(trainer, trainee)
    return services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=competency,
        level=level,
        observed_on=day,
        context="Coaching session with a peer",
    )


def test_observations_rule_needs_two_at_proficient(tree, trainer, trainee):
    """At least two observations at Proficient, by two different raters, make the
    learner Proficient; until then the map says exactly how many more are needed."""
    framework, _area, listening, *_ = tree
    observe(trainer, trainee, listening, 3)
    r = rating(trainee, listening)
    assert r.level is None and not r.proficient
    assert map_row(trainee, framework, listening).missing == (
        "One more observation at Proficient or above, by another rater."
    )

    observe(TrainerFactory(), trainee, listening, 4)
    r = rating(trainee, listening)
    assert (r.level, r.proficient, r.rule_type) == (3, True, RuleType.OBSERVATIONS)
    row = map_row(trainee, framework, listening)
    assert row.reason == "Observations at Proficient or above by different raters: 2."
    assert row.missing == "One more observation at Expert or above, by another rater."
    assert "each by a different rater" in row.rule
    assert "does not cancel a higher one" in row.rule


def test_the_same_rater_counts_once_per_rule(tree, trainer, trainee):
    """One trainer observing twice is one rater: a two-observation rule is not met."""
    framework, _area, listening, *_ = tree
    observe(trainer, trainee, listening, 3)
    observe(trainer, trainee, listening, 4, DAY + datetime.timedelta(days=1))
    r = rating(trainee, listening)
    assert r.level is None and not r.proficient
    assert map_row(trainee, framework, listening).missing == (
        "One more observation at Proficient or above, by another rater."
    )
    second = TrainerFactory()
    observe(second, trainee, listening, 3)
    r = rating(trainee, listening)
    assert (r.level, r.proficient) == (3, True)
    # The evidence behind the rating is one observation per rater.
    used = Evidence.objects.filter(pk__in=r.detail["evidence"])
    assert {e.recorded_by_id for e in used} == {trainer.pk, second.pk}


def test_observations_rule_reports_lower_level_reached(tree, trainer, trainee):
    framework, _area, listening, *_ = tree
    observe(trainer, trainee, listening, 2)
    observe(TrainerFactory(), trainee, listening, 2)
    row = map_row(trainee, framework, listening)
    assert row.level == 2 and not row.proficient
    assert row.missing == "2 more observations at Proficient or above, by different raters."


def test_quiz_average_rule(tree, trainee):
    """The average of the latest three quiz results must reach 70%."""
    framework, _area, _listening, questions, _feedback = tree
    services.quiz_evidence_record(
        user=trainee, items=[(questions, 1, "assessments.Response:1"), (questions, 0.5, "r:2")]
    )
    row = map_row(trainee, framework, questions)
    assert row.level == 0
    assert row.missing == "One more quiz result, averaging at least 70%."

    services.quiz_evidence_record(user=trainee, items=[(questions, Decimal("0.4"), "r:3")])
    row = map_row(trainee, framework, questions)
    assert row.reason == "Average of your latest 3 quiz results: 63%."
    assert row.missing == ("A quiz average of at least 70% over your latest 3 results (now 63%).")

    services.quiz_evidence_record(
        user=trainee, items=[(questions, 1, "r:4"), (questions, 1, "r:5")]
    )
    r = rating(trainee, questions)
    assert (r.level, r.proficient) == (3, True)
    assert r.detail["reason"] == {"code": "quiz_average", "count": 3, "average": 80}


def test_latest_trainer_rating_wins_and_correction_is_new_evidence(tree, trainer, trainee):
    framework, _area, _l, _q, feedback = tree
    first = observe(trainer, trainee, feedback, 4, DAY)
    correction = services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=feedback,
        level=2,
        observed_on=DAY + datetime.timedelta(days=1),
        note="Level 4 was a slip",
        corrects=first,
    )
    assert correction.corrects == first
    assert Evidence.objects.filter(user=trainee, competency=feedback).count() == 2
    row = map_row(trainee, framework, feedback)
    assert row.level == 2
    assert row.reason == "Rated Developing by a trainer on 03/11/2026."
    assert row.missing == "A trainer's rating at Proficient."


def test_evidence_is_immutable(tree, trainer, trainee):
    evidence = observe(trainer, trainee, tree[2], 3)
    evidence.level = 4
    with pytest.raises(ImmutableError):
        evidence.save()
    with pytest.raises(ImmutableError):
        evidence.delete()


def test_evidence_must_carry_a_value(tree, trainee):
    with pytest.raises(IntegrityError):
        Evidence.objects.create(
            user=trainee, competency=tree[2], kind=EvidenceKind.QUIZ_ITEM, observed_on=DAY
        )


def test_level_off_the_scale_is_refused(tree, trainer, trainee):
    with pytest.raises(CompetencyError, match="Level 5 is not on this competency's scale"):
        observe(trainer, trainee, tree[2], 5)


def test_only_trainers_observe(tree, trainee, other_trainee):
    with pytest.raises(CompetencyError, match="Only trainers record observations."):
        observe(other_trainee, trainee, tree[2], 3)


def test_all_children_rule_recomputes_the_area(tree, trainer, trainee):
    """The area becomes proficient only when its three competencies are, and the
    recomputation reaches it from a child's evidence."""
    framework, area, listening, questions, feedback = tree
    observe(trainer, trainee, feedback, 3)
    observe(trainer, trainee, listening, 3)
    observe(TrainerFactory(), trainee, listening, 3)
    row = map_row(trainee, framework, area)
    assert not row.proficient
    assert row.reason == "Sub-competencies proficient: 2 of 3."
    assert row.missing == "These sub-competencies at Proficient: Powerful questions."

    services.quiz_evidence_record(user=trainee, items=[(questions, 1, f"r:{n}") for n in range(3)])
    r = rating(trainee, area)
    assert (r.level, r.proficient, r.rule_type) == (3, True, RuleType.ALL_CHILDREN)


def test_recompute_touches_only_concerned_competencies(tree, trainer, trainee):
    framework, area, listening, questions, feedback = tree
    observe(trainer, trainee, feedback, 3)
    assert set(
        CompetencyRating.objects.filter(user=trainee).values_list("competency", flat=True)
    ) == {feedback.pk, area.pk}


def test_self_assessment_never_makes_a_competency_achieved(tree, trainee):
    framework, area, listening, questions, feedback = tree
    assessment = make_self_assessment(framework, [listening, feedback])
    items = list(assessment.items.order_by("sort_order"))
    response = services.self_assessment_submit(
        user=trainee, assessment=assessment, answers={items[0].pk: 5, items[1].pk: 4}
    )
    assert response.phase == "start"
    assert not CompetencyRating.objects.filter(user=trainee).exists()
    row = map_row(trainee, framework, listening)
    assert (row.self_level, row.self_level_name, row.proficient) == (4, "Expert", False)
    again = services.self_assessment_submit(
        user=trainee, assessment=assessment, answers={items[0].pk: 3, items[1].pk: 3}
    )
    assert again.phase == "end"


def test_self_assessment_requires_every_answer(tree, trainee):
    framework, _area, listening, *_ = tree
    assessment = make_self_assessment(framework, [listening])
    with pytest.raises(CompetencyError, match="Answer every statement"):
        services.self_assessment_submit(user=trainee, assessment=assessment, answers={})


def test_prior_learning_counts_once_approved(tree, trainer, trainee):
    trains(trainer, trainee)
    framework, _area, _l, _q, feedback = tree
    claim = services.prior_learning_submit(
        user=trainee,
        competency=feedback,
        description="I ran feedback circles in my association for two years.",
        file=SimpleUploadedFile("letter.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )
    assert claim.status == PriorLearningClaim.Status.PENDING
    assert not CompetencyRating.objects.filter(user=trainee).exists()

    evidence = services.prior_learning_decide(claim=claim, trainer=trainer, approve=True, level=3)
    assert evidence.kind == EvidenceKind.PRIOR_LEARNING
    assert evidence.source == f"assessments.PriorLearningClaim:{claim.pk}"
    assert rating(trainee, feedback).proficient
    with pytest.raises(CompetencyError, match="already been decided"):
        services.prior_learning_decide(claim=claim, trainer=trainer, approve=False)


def test_prior_learning_needs_file_or_link(tree, trainee):
    with pytest.raises(CompetencyError, match="Add a file or a link"):
        services.prior_learning_submit(user=trainee, competency=tree[4], description="x")


def test_a_rejected_claim_is_a_rater_record_that_gives_no_level(tree, trainer, trainee):
    trains(trainer, trainee)
    claim = services.prior_learning_submit(
        user=trainee, competency=tree[4], description="x", link="https://example.org/cert"
    )
    record = services.prior_learning_decide(
        claim=claim, trainer=trainer, approve=False, note="Not enough to show it."
    )
    assert (record.kind, record.level, record.recorded_by) == (
        EvidenceKind.CLAIM_REJECTED,
        None,
        trainer,
    )
    assert record.source == f"assessments.PriorLearningClaim:{claim.pk}"
    assert record.note == "Not enough to show it."
    rating = CompetencyRating.objects.filter(user=trainee, competency=tree[4]).first()
    assert rating is None or rating.level is None


@pytest.mark.parametrize(("average", "level"), [(1, 1), (2, 2), (3, 3), (4, 3), (5, 4)])
def test_likert_maps_onto_the_scale(average, level):
    assert services.likert_to_level(Decimal(average), 4) == level


def test_recompute_query_count_is_flat(tree, trainee, django_assert_max_num_queries):
    """Recomputing costs the same number of queries with 1 or 30 quiz results."""
    questions = tree[3]
    services.quiz_evidence_record(user=trainee, items=[(questions, 0.9, "r:0")])
    with CaptureQueriesContext(connection) as small:
        services.ratings_recompute(user=trainee, competencies=[questions])
    services.quiz_evidence_record(
        user=trainee, items=[(questions, 0.9, f"r:{i}") for i in range(1, 31)]
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        services.ratings_recompute(user=trainee, competencies=[questions])


def test_what_is_missing_agrees_in_number_in_every_language():
    """Counts of what is missing are plural messages (ngettext), so Arabic gets its dual
    and French and Italian their singular."""
    from assessments.competencies.rules import describe

    def word(code, count, language):
        part = {"code": code, "count": count, "level": 3, "percent": 80}
        with translation.override(language):
            return describe(part, {3: "B"}, {})

    assert word("more_observations", 1, "en") == (
        "One more observation at B or above, by another rater."
    )
    assert word("more_observations", 2, "en") == (
        "2 more observations at B or above, by different raters."
    )
    assert word("quiz_results", 1, "en") == "One more quiz result, averaging at least 80%."
    assert word("quiz_results", 3, "en") == "3 more quiz results, averaging at least 80%."
    for language in ("it", "fr", "ar"):
        assert word("quiz_results", 1, language) != word("quiz_results", 3, language)
    # Arabic has a dual: two results are not worded as three.
    assert word("quiz_results", 2, "ar").startswith("نتيجتا اختبار")
    assert word("more_observations", 2, "ar").startswith("ملاحظتان")
    assert word("more_observations", 3, "ar").startswith("3 ")


def test_prior_learning_is_decided_by_a_rater_of_the_learners_cohorts(tree, trainer, trainee):
    framework, _area, _listening, _questions, feedback = tree
    claim = services.prior_learning_submit(
        user=trainee, competency=feedback, description="Tesoriere", link="https://example.org/x"
    )
    with pytest.raises(CompetencyError, match="not in a cohort you train"):
        services.prior_learning_decide(claim=claim, trainer=trainer, approve=True, level=3)
    claim.refresh_from_db()
    assert claim.status == claim.Status.PENDING and not Evidence.objects.exists()


def test_a_contested_prior_learning_decision_is_moderated_by_an_added_record(
    tree, trainer, trainee, coordinator
):
    from assessments.competencies import raters

    framework, _area, _listening, _questions, feedback = tree
    trains(trainer, trainee)
    claim = services.prior_learning_submit(
        user=trainee, competency=feedback, description="Tesoriere", link="https://example.org/x"
    )
    decision = services.prior_learning_decide(claim=claim, trainer=trainer, approve=True, level=4)
    assert decision.recorded_by == trainer and decision.kind == EvidenceKind.PRIOR_LEARNING
    with pytest.raises(CompetencyError, match="Write the moderation note"):
        raters.moderation_record(coordinator=coordinator, observation=decision, note="")
    note = raters.moderation_record(
        coordinator=coordinator, observation=decision, note="Level 3: the certificate is old."
    )
    assert note.corrects == decision and note.kind == EvidenceKind.MODERATION
    decision.refresh_from_db()
    assert decision.level == 4  # the decision is kept as it was
    [listed] = raters.prior_learning_decisions(framework)
    assert listed.moderation == note
