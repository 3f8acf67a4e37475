"""Query budgets at programme scale, personal-data export and erasure, scale rules."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.competencies import selectors, services
from assessments.models import CompetencyFramework, CompetencyRating, Evidence, RuleType
from lms.accounts.models import Profile
from lms.accounts.services import user_erase
from lms.hooks import personal_data_sections
from tests.factories import CoordinatorFactory, TraineeFactory

from .factories import make_competency, make_framework, make_scale, make_self_assessment, trains


def _framework(size):
    framework = make_framework(idnumber=f"BIG{size}", scale=make_scale(name=f"Scala {size}"))
    area = make_competency(framework, "AREA", "Area", rule_type=RuleType.ALL_CHILDREN)
    competencies = [
        make_competency(framework, f"C{n:02}", f"Competenza {n}", area, sort_order=n)
        for n in range(size)
    ]
    return framework, competencies


def _learners(count, competencies):
    """``count`` trainees with profiles, made in bulk (factories are slow at 200)."""
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"bulk{start + n}@example.org", email=f"bulk{start + n}@example.org")
        for n in range(count)
    )
    learners = list(User.objects.filter(username__in=[u.username for u in users]))
    Profile.objects.bulk_create(
        Profile(user=learner, display_name=f"Learner {n}") for n, learner in enumerate(learners)
    )
    group = Group.objects.get(name="trainee")
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=learner.pk, group_id=group.pk) for learner in learners
    )
    now = timezone.now()
    CompetencyRating.objects.bulk_create(
        CompetencyRating(
            user=learner,
            competency=competency,
            level=1 + (i + j) % 4,
            proficient=(i + j) % 4 >= 2,
            rule_type=RuleType.LATEST_TRAINER,
            rated_at=now,
        )
        for i, learner in enumerate(learners)
        for j, competency in enumerate(competencies)
    )
    return learners


def _heatmap_queries(framework):
    coordinator = CoordinatorFactory()
    framework = selectors.framework_get(framework.idnumber)
    with CaptureQueriesContext(connection) as queries:
        _scale, columns, rows = selectors.cohort_heatmap(
            selectors.learners_visible_to(coordinator), framework
        )
        cells = sum(len(row.cells) for row in rows)
        proficient = sum(row.proficient_count for row in rows)
    return len(queries.captured_queries), len(columns), len(rows), cells, proficient


@pytest.mark.django_db
def test_heatmap_200_learners_by_30_competencies_runs_constant_queries():
    """2 learners × 3 competencies and 200 × 30 cost the same number of queries."""
    small_framework, small = _framework(3)
    _learners(2, small)
    small_count, *small_shape = _heatmap_queries(small_framework)
    assert small_shape[:3] == [3, 2, 6]

    CompetencyRating.objects.all().delete()
    get_user_model().objects.filter(groups__name="trainee").delete()
    big_framework, big = _framework(30)
    _learners(200, big)
    big_count, *big_shape = _heatmap_queries(big_framework)
    assert big_shape[:3] == [30, 200, 6000]
    assert big_shape[3] == 3000
    assert big_count == small_count


@pytest.mark.django_db
def test_learner_map_runs_constant_queries_with_30_competencies(trainer):
    def queries_for(size, evidence_each):
        framework, competencies = _framework(size)
        learner = TraineeFactory()
        trains(trainer, learner)
        for competency in competencies:
            for n in range(evidence_each):
                services.observation_record(
                    trainer=trainer,
                    learner=learner,
                    competency=competency,
                    level=1 + n % 4,
                    observed_on=datetime.date(2026, 1, 1 + n),
                )
        framework = selectors.framework_get(framework.idnumber)
        with CaptureQueriesContext(connection) as queries:
            _scale, rows = selectors.learner_map(learner, framework)
            assert sum(len(row.evidence) for row in rows) == size * evidence_each
        return len(queries.captured_queries)

    assert queries_for(3, 1) == queries_for(30, 4)


@pytest.mark.django_db
def test_personal_data_export_and_erasure(tree, trainer, trainee):
    framework, _area, listening, _questions, feedback = tree
    trains(trainer, trainee)
    first = services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=feedback,
        level=4,
        observed_on=datetime.date(2026, 3, 1),
        note="Ottimo",
    )
    trains(trainer, trainee)
    services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=feedback,
        level=3,
        observed_on=datetime.date(2026, 3, 2),
        corrects=first,
    )
    assessment = make_self_assessment(framework, [listening])
    services.self_assessment_submit(
        user=trainee, assessment=assessment, answers={assessment.items.get().pk: 4}
    )
    exported = personal_data_sections(trainee)["competencies"]
    observations = [
        (e["level"], e["note"]) for e in exported["evidence"] if e["kind"] == "observation"
    ]
    assert observations == [(3, ""), (4, "Ottimo")]  # newest first
    assert exported["self_assessment_answers"][0]["answer"] == 4
    assert exported["ratings"][0]["competency"] == "A3"

    user_erase(user=trainee)
    assert not Evidence.objects.exists()
    assert not CompetencyRating.objects.exists()


@pytest.mark.django_db
def test_framework_scale_cannot_change_once_rated(tree, trainer, trainee):
    framework, *_rest, feedback = tree
    trains(trainer, trainee)
    services.observation_record(
        trainer=trainer,
        learner=trainee,
        competency=feedback,
        level=3,
        observed_on=datetime.date(2026, 3, 1),
    )
    framework = CompetencyFramework.objects.get(pk=framework.pk)
    framework.scale = make_scale(name="Altra scala")
    with pytest.raises(ValidationError) as caught:
        framework.full_clean()
    assert caught.value.message_dict["scale"] == [
        "The scale cannot change: learners already have ratings."
    ]
