"""Several raters: distinct-rater counting lives in test_services; here agreement per
rater pair (κ against a hand-computed example), disagreement detection and its
moderation (an added record), bad input, and the coordinator page (access, queries)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.competencies import raters, services
from assessments.competencies.exceptions import CompetencyError
from assessments.models import Evidence, EvidenceKind
from tests.factories import TraineeFactory, TrainerFactory

from .factories import trains

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)

# Hand-computed: 7 of 10 equal → p_o = 0.70. Marginals A: 1×2, 2×2, 3×4, 4×2;
# B: 1×1, 2×4, 3×2, 4×3 → p_e = (2·1 + 2·4 + 4·2 + 2·3) / 100 = 0.24.
# κ = (0.70 − 0.24) / (1 − 0.24) = 0.46 / 0.76 = 0.605… → 0.61. Every pair within one
# level → 100% adjacent.
RATINGS_A = [1, 2, 3, 3, 4, 2, 3, 1, 4, 3]
RATINGS_B = [1, 2, 3, 2, 4, 2, 3, 2, 4, 4]


def observe(trainer, learner, competency, level, day=DAY):
    if trainer.pk != learner.pk:
        trains(trainer, learner)
    return services.observation_record(
        trainer=trainer, learner=learner, competency=competency, level=level, observed_on=day
    )


def test_kappa_matches_the_hand_computed_example():
    assert raters.cohen_kappa(list(zip(RATINGS_A, RATINGS_B, strict=True))) == Decimal("0.61")
    # Perfect agreement is 1; systematic disagreement is negative.
    assert raters.cohen_kappa([(1, 1), (2, 2), (3, 3)]) == Decimal("1.00")
    assert raters.cohen_kappa([(1, 2), (2, 1)]) == Decimal("-1.00")


def test_agreement_per_pair_from_observations(tree):
    framework, _area, listening, *_ = tree
    first, second = TrainerFactory(), TrainerFactory()
    for a, b in zip(RATINGS_A, RATINGS_B, strict=True):
        learner = TraineeFactory()
        observe(first, learner, listening, a)
        observe(second, learner, listening, b)
    (pair,), _disagreements = raters.rater_report(framework)
    assert {pair.rater_a, pair.rater_b} == {first, second}
    assert (pair.count, pair.exact_percent, pair.adjacent_percent) == (10, 70, 100)
    assert pair.kappa == Decimal("0.61")


def test_kappa_is_not_given_below_ten_pairs(tree):
    framework, _area, listening, *_ = tree
    first, second = TrainerFactory(), TrainerFactory()
    for level in (3, 3, 2):
        learner = TraineeFactory()
        observe(first, learner, listening, level)
        observe(second, learner, listening, 3)
    (pair,), _d = raters.rater_report(framework)
    assert pair.count == 3 and pair.kappa is None
    assert pair.exact_percent == 67


def test_a_gap_of_more_than_one_level_is_a_disagreement_until_moderated(tree, trainee, coordinator):
    framework, _area, listening, *_ = tree
    first, second = TrainerFactory(), TrainerFactory()
    high = observe(first, trainee, listening, 4)
    low = observe(second, trainee, listening, 2)
    _pairs, (disagreement,) = raters.rater_report(framework)
    assert (disagreement.high, disagreement.low) == (high, low)

    with pytest.raises(CompetencyError, match="moderation note"):
        raters.moderation_record(coordinator=coordinator, observation=low, note="  ")
    assert not Evidence.objects.filter(kind=EvidenceKind.MODERATION).exists()
    with pytest.raises(CompetencyError, match="Only coordinators"):
        raters.moderation_record(coordinator=first, observation=low, note="Mine wins.")

    note = raters.moderation_record(
        coordinator=coordinator, observation=low, note="Seen on a bad day; 4 stands."
    )
    assert note.corrects == low
    assert raters.rater_report(framework)[1] == []
    low.refresh_from_db()
    assert low.level == 2  # moderation adds a record, never edits one


def test_a_third_observation_settles_a_disagreement(tree, trainee):
    framework, _area, listening, *_ = tree
    observe(TrainerFactory(), trainee, listening, 4)
    observe(TrainerFactory(), trainee, listening, 1)
    assert len(raters.rater_report(framework)[1]) == 1
    observe(TrainerFactory(), trainee, listening, 3)
    assert raters.rater_report(framework)[1] == []


def test_one_level_apart_is_not_a_disagreement(tree, trainee):
    framework, _area, listening, *_ = tree
    observe(TrainerFactory(), trainee, listening, 3)
    observe(TrainerFactory(), trainee, listening, 2)
    assert raters.rater_report(framework)[1] == []


def test_bad_observations_are_refused(tree, trainer, trainee):
    _framework, _area, listening, *_ = tree
    with pytest.raises(CompetencyError, match="cannot observe themselves"):
        observe(trainer, trainer, listening, 3)
    with pytest.raises(CompetencyError, match="not on this competency's scale"):
        observe(trainer, trainee, listening, 5)
    with pytest.raises(CompetencyError, match="not on this competency's scale"):
        observe(trainer, trainee, listening, 0)
    assert not Evidence.objects.exists()


def test_an_observation_outside_the_raters_cohorts_is_refused(tree, trainer, trainee):
    """Not through the helper, which puts the learner in the rater's cohort."""
    _framework, _area, listening, *_ = tree
    with pytest.raises(CompetencyError, match="not in a cohort you train"):
        services.observation_record(
            trainer=trainer, learner=trainee, competency=listening, level=3, observed_on=DAY
        )
    trains(TrainerFactory(), trainee)  # another trainer's cohort does not help
    with pytest.raises(CompetencyError, match="not in a cohort you train"):
        services.observation_record(
            trainer=trainer, learner=trainee, competency=listening, level=3, observed_on=DAY
        )
    assert not Evidence.objects.exists()


def test_a_moderation_needs_a_note_and_a_coordinator(tree, trainee, coordinator, trainer):
    _framework, _area, listening, *_ = tree
    low = observe(TrainerFactory(), trainee, listening, 1)
    for note in ("", "   "):
        with pytest.raises(CompetencyError, match="Write the moderation note"):
            raters.moderation_record(coordinator=coordinator, observation=low, note=note)
    with pytest.raises(CompetencyError, match="Only coordinators"):
        raters.moderation_record(coordinator=trainer, observation=low, note="Fine.")
    assert not Evidence.objects.filter(kind=EvidenceKind.MODERATION).exists()


# --- The coordinator's page ---------------------------------------------------------


def _url(framework):
    return f"{reverse('assessments:competencies:raters')}?framework={framework.idnumber}"


def test_the_page_is_for_coordinators(trainer_client, tree):
    assert trainer_client.get(_url(tree[0])).status_code == 403


def test_the_page_shows_agreement_and_moderates(coordinator_client, tree, trainee):
    framework, _area, listening, *_ = tree
    observe(TrainerFactory(), trainee, listening, 4)
    low = observe(TrainerFactory(), trainee, listening, 1)
    page = coordinator_client.get(_url(framework)).content.decode()
    assert "Disagreements to moderate" in page and "fewer than 10 pairs" in page
    moderate = reverse("assessments:competencies:moderate", args=[low.pk])
    response = coordinator_client.post(f"{moderate}?framework={framework.idnumber}", {"note": ""})
    assert Evidence.objects.filter(kind=EvidenceKind.MODERATION).count() == 0
    page = coordinator_client.get(response.url).content.decode()
    assert "Write the moderation note" in page
    coordinator_client.post(f"{moderate}?framework={framework.idnumber}", {"note": "4 stands."})
    assert Evidence.objects.filter(kind=EvidenceKind.MODERATION).count() == 1
    assert "No open disagreements." in coordinator_client.get(_url(framework)).content.decode()


def _fill(listening, raters_count, learners_count):
    team = [TrainerFactory() for _ in range(raters_count)]
    for n in range(learners_count):
        learner = TraineeFactory()
        for k, rater in enumerate(team):
            observe(rater, learner, listening, 1 + (n + 2 * k) % 4)


def test_the_page_runs_the_same_queries_at_s_and_l(coordinator_client, tree):
    """S: 2 raters × 2 learners; L: 4 raters × 12 learners (6 pairs, κ shown)."""
    framework, _area, listening, *_ = tree
    _fill(listening, 2, 2)
    coordinator_client.get(_url(framework))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(_url(framework))
    _fill(listening, 4, 12)
    with CaptureQueriesContext(connection) as large:
        response = coordinator_client.get(_url(framework))
    assert len(response.context["agreement"]) == 6 + 1
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_observation_form_refuses_a_learner_outside_the_cohorts(tree, trainer_client):
    framework, _area, listening, *_ = tree
    outsider = TraineeFactory()
    response = trainer_client.post(
        f"{reverse('assessments:competencies:observe')}?framework={framework.idnumber}",
        {
            "learner": outsider.pk,
            "competency": listening.pk,
            "level": 3,
            "observed_on": DAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["learner"]
    assert not Evidence.objects.exists()


def test_the_page_moderates_a_contested_prior_learning_decision(coordinator_client, tree):
    framework, _area, _listening, _questions, feedback = tree
    trainer, learner = TrainerFactory(), TraineeFactory()
    trains(trainer, learner)
    claim = services.prior_learning_submit(
        user=learner, competency=feedback, description="Tesoriere", link="https://example.org/x"
    )
    decision = services.prior_learning_decide(claim=claim, trainer=trainer, approve=True, level=4)
    page = coordinator_client.get(_url(framework)).content.decode()
    assert "Prior-learning decisions" in page and f"moderation-{decision.pk}" in page
    moderate = reverse("assessments:competencies:moderate", args=[decision.pk])
    coordinator_client.post(f"{moderate}?framework={framework.idnumber}", {"note": "Tre, non 4."})
    page = coordinator_client.get(_url(framework)).content.decode()
    assert "Tre, non 4." in page and f"moderation-{decision.pk}" not in page
    assert Evidence.objects.filter(kind=EvidenceKind.MODERATION, corrects=decision).count() == 1
