"""Peer coaches as raters: a coordinator authorises a trainee who completed a path to
observe given learners; their observations are labelled peer observations in the
evidence and in the learner's "why", and each rule counts them or leaves them out."""

import datetime

import pytest
from django.utils import timezone, translation

from assessments.competencies import selectors, services
from assessments.competencies.exceptions import CompetencyError
from assessments.models import Evidence, EvidenceKind, PeerRater
from courses.models import Enrollment
from tests.factories import TraineeFactory, TrainerFactory

from .factories import trains

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def coach(taught, course):
    """A trainee who completed the path."""
    person = TraineeFactory()
    Enrollment.objects.create(user=person, course=course, completed_at=timezone.now())
    return person


def _row(learner, competency):
    with translation.override("en"):
        _scale, rows = selectors.learner_map(learner, competency.framework)
    return next(row for row in rows if row.competency.pk == competency.pk)


def test_only_coordinators_authorise_and_only_path_graduates(coach, coordinator, trainer, trainee):
    with pytest.raises(CompetencyError, match="Only coordinators"):
        services.peer_rater_authorise(coordinator=trainer, coach=coach, learner=trainee)
    with pytest.raises(CompetencyError, match="completed a path"):
        services.peer_rater_authorise(
            coordinator=coordinator, coach=TraineeFactory(), learner=trainee
        )
    with pytest.raises(CompetencyError, match="cannot rate themselves"):
        services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=coach)
    assert not PeerRater.objects.exists()


def test_a_peer_observes_only_the_learners_they_are_authorised_for(
    tree, coach, coordinator, trainee
):
    _framework, _area, listening, *_ = tree
    with pytest.raises(CompetencyError, match="not authorised to observe"):
        services.peer_observation_record(
            coach=coach, learner=trainee, competency=listening, level=3, observed_on=DAY
        )
    services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=trainee)
    with pytest.raises(CompetencyError, match="not on this competency's scale"):
        services.peer_observation_record(
            coach=coach, learner=trainee, competency=listening, level=7, observed_on=DAY
        )
    assert not Evidence.objects.exists()
    evidence = services.peer_observation_record(
        coach=coach, learner=trainee, competency=listening, level=3, observed_on=DAY
    )
    assert evidence.kind == EvidenceKind.PEER_OBSERVATION and evidence.recorded_by == coach
    # A trainer's observation tool does not let the coach through either.
    with pytest.raises(CompetencyError, match="Only trainers"):
        services.observation_record(
            trainer=coach, learner=trainee, competency=listening, level=3, observed_on=DAY
        )


def test_rules_count_peer_observations_or_leave_them_out(tree, coach, coordinator, trainee):
    """Active listening needs 2 observations by different raters."""
    _framework, _area, listening, *_ = tree
    trainer = TrainerFactory()
    trains(trainer, trainee)
    services.observation_record(
        trainer=trainer, learner=trainee, competency=listening, level=3, observed_on=DAY
    )
    services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=trainee)
    services.peer_observation_record(
        coach=coach, learner=trainee, competency=listening, level=3, observed_on=DAY
    )
    row = _row(trainee, listening)
    assert row.level == 3
    assert "One of them is a peer observation." in row.reason
    assert "Observations by peer coaches count." in row.rule
    with translation.override("en"):
        assert "Peer observation" in [str(e.get_kind_display()) for e in row.evidence]

    listening.rule_counts_peers = False
    listening.save()
    services.ratings_recompute(user=trainee, competencies=[listening])
    row = _row(trainee, listening)
    assert row.level == 0  # one trainer observation is not two
    assert "shown but do not count" in row.rule
    assert len(row.evidence) == 2  # the peer observation is still shown
