"""Withdrawing a peer coach's authorisation (an added stamp on the authorisation, kept as
history; the coach's earlier observations stay evidence, labelled peer observations),
and the learner's map saying when two ratings differ and wait for moderation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.competencies import raters, selectors, services
from assessments.competencies.exceptions import CompetencyError
from assessments.models import Evidence, EvidenceKind, PeerRater
from tests.factories import CoordinatorFactory, TraineeFactory, TrainerFactory

from .test_peer_coaching import DAY, _peer_url, _raters_url, make_coach, observe, peer_observe

pytestmark = pytest.mark.django_db

NOTICE = "Two ratings differ: your coordinator will review them."


@pytest.fixture
def coach(course):
    return make_coach(course)


def _withdraw_url(rater, framework):
    url = reverse("assessments:competencies:peer_revoke", args=[rater.pk])
    return f"{url}?framework={framework.idnumber}"


# --- Withdrawal -------------------------------------------------------------------------


def test_after_withdrawal_the_service_refuses_and_the_history_is_kept(
    tree, coach, coordinator, trainee
):
    _framework, _area, listening, *_ = tree
    earlier = peer_observe(coach, trainee, listening, 3, coordinator)
    rater = PeerRater.objects.get()
    services.peer_rater_revoke(coordinator=coordinator, rater=rater)
    with pytest.raises(CompetencyError, match="withdrew your permission"):
        services.peer_observation_record(
            coach=coach, learner=trainee, competency=listening, level=2, observed_on=DAY
        )
    rater.refresh_from_db()
    assert rater.revoked_by == coordinator and rater.revoked_at is not None
    assert rater.authorised_by == coordinator  # the authorisation itself is kept
    # The earlier observation stays evidence, still a peer observation.
    assert list(Evidence.objects.filter(recorded_by=coach)) == [earlier]
    assert earlier.kind == EvidenceKind.PEER_OBSERVATION
    with pytest.raises(CompetencyError, match="already withdrawn"):
        services.peer_rater_revoke(coordinator=coordinator, rater=rater)
    # Authorising again adds a new authorisation beside the withdrawn one.
    services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=trainee)
    assert PeerRater.objects.count() == 2
    assert list(selectors.peer_learners_of(coach)) == [trainee]


def test_a_coordinator_withdraws_from_the_raters_page(
    coordinator_client, tree, coach, coordinator, trainee
):
    framework, _area, listening, *_ = tree
    peer_observe(coach, trainee, listening, 3, coordinator)
    rater = PeerRater.objects.get()
    page = coordinator_client.get(_raters_url(framework)).content.decode()
    assert _withdraw_url(rater, framework).replace("&", "&amp;") in page
    response = coordinator_client.post(_withdraw_url(rater, framework))
    page = coordinator_client.get(response.url).content.decode()
    assert "can no longer observe" in page
    assert "withdrawn by" in page  # the history is on the page
    assert _withdraw_url(rater, framework).replace("&", "&amp;") not in page
    # The withdrawn coach's earlier observation still counts in the evidence list.
    assert Evidence.objects.filter(kind=EvidenceKind.PEER_OBSERVATION).count() == 1


def test_the_peer_page_refuses_a_withdrawn_learner_with_a_clear_message(
    client, tree, coach, coordinator, trainee
):
    framework, _area, listening, *_ = tree
    peer_observe(coach, trainee, listening, 3, coordinator)
    services.peer_rater_revoke(coordinator=coordinator, rater=PeerRater.objects.get())
    client.force_login(coach)
    response = client.get(_peer_url(framework))
    page = response.content.decode()
    assert "A coordinator withdrew your permission to observe:" in page
    assert "Your peer observations" in page  # the earlier one is still listed
    assert trainee not in response.context["form"].fields["learner"].queryset
    data = {
        "learner": trainee.pk,
        "competency": listening.pk,
        "level": 2,
        "observed_on": DAY.isoformat(),
    }
    response = client.post(_peer_url(framework), data)
    assert response.status_code == 200
    assert "withdrew your permission to observe this learner" in response.content.decode()
    assert Evidence.objects.count() == 1


def test_a_coordinator_of_another_territory_cannot_withdraw(client, tree, course, coordinator):
    framework = tree[0]
    bari_coach = make_coach(course)
    bari_learner = TraineeFactory(profile__territory="bari")
    services.peer_rater_authorise(coordinator=coordinator, coach=bari_coach, learner=bari_learner)
    rater = PeerRater.objects.get()
    foggia = CoordinatorFactory(territories=["foggia"])
    with pytest.raises(CompetencyError, match="not in your territories"):
        services.peer_rater_revoke(coordinator=foggia, rater=rater)
    client.force_login(foggia)
    response = client.post(_withdraw_url(rater, framework))
    assert "not in your territories" in client.get(response.url).content.decode()
    rater.refresh_from_db()
    assert rater.revoked_at is None
    # A trainer is not a coordinator: refused before anything happens.
    client.force_login(TrainerFactory())
    assert client.post(_withdraw_url(rater, framework)).status_code == 403
    rater.refresh_from_db()
    assert rater.revoked_at is None


# --- The learner's notice of a disagreement ---------------------------------------------


def _map(client, framework):
    return client.get(f"/en/competencies/?framework={framework.idnumber}")


def test_the_map_says_two_ratings_differ_until_the_coordinator_moderates(
    client, tree, coordinator, trainee
):
    framework, _area, listening, *_ = tree
    observe(TrainerFactory(), trainee, listening, 4)
    client.force_login(trainee)
    assert NOTICE not in _map(client, framework).content.decode()
    low = observe(TrainerFactory(), trainee, listening, 1)
    response = _map(client, framework)
    assert NOTICE in response.content.decode()
    flagged = [row.competency for row in response.context["rows"] if row.disagreement]
    assert flagged == [listening]
    raters.moderation_record(coordinator=coordinator, observation=low, note="The 4 stands.")
    assert NOTICE not in _map(client, framework).content.decode()


def test_ratings_one_level_apart_are_no_disagreement(client, tree, trainee):
    framework, _area, listening, *_ = tree
    observe(TrainerFactory(), trainee, listening, 3)
    observe(TrainerFactory(), trainee, listening, 2)
    client.force_login(trainee)
    assert NOTICE not in _map(client, framework).content.decode()


def test_the_map_runs_the_same_queries_with_and_without_disagreements(
    client, tree, coordinator, course
):
    framework, _area, listening, _questions, feedback = tree

    def count(learner):
        client.force_login(learner)
        _map(client, framework)
        with CaptureQueriesContext(connection) as queries:
            response = _map(client, framework)
        return len(queries.captured_queries), response

    calm = TraineeFactory()
    observe(TrainerFactory(), calm, listening, 3)
    small, _response = count(calm)
    torn = TraineeFactory()
    for competency in (listening, feedback):
        observe(TrainerFactory(), torn, competency, 4)
        observe(TrainerFactory(), torn, competency, 1)
    observe(TrainerFactory(), torn, feedback, 1)  # a third rater settles feedback
    peer_observe(make_coach(course), torn, listening, 4, coordinator)  # and a note on it
    large, response = count(torn)
    assert large == small
    flagged = [row.competency for row in response.context["rows"] if row.disagreement]
    assert flagged == []  # three raters on each: settled
    again = TraineeFactory()
    observe(TrainerFactory(), again, listening, 4)
    observe(TrainerFactory(), again, listening, 1)
    observe(TrainerFactory(), again, feedback, 4)
    observe(TrainerFactory(), again, feedback, 1)
    open_count, response = count(again)
    assert open_count == small
    flagged = [row.competency for row in response.context["rows"] if row.disagreement]
    assert flagged == [listening, feedback]
