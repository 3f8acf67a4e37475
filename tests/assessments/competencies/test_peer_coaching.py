"""Peer coaches in the several-raters check: a coordinator authorises them from the
raters page, they observe on their own page (only the learners they are authorised
for), their pairs with trainers appear in the agreement table and their disagreements go
to moderation; rejected prior-learning claims are rater records too; the learner's
"why" names who recorded each piece of evidence."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from assessments.competencies import raters, services
from assessments.models import Evidence, EvidenceKind, PeerRater
from courses.models import Enrollment
from tests.factories import CoordinatorFactory, TraineeFactory, TrainerFactory

from .factories import trains
from .test_raters import RATINGS_A, RATINGS_B

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)


def make_coach(course):
    """A trainee who completed the path."""
    person = TraineeFactory()
    Enrollment.objects.create(user=person, course=course, completed_at=timezone.now())
    return person


@pytest.fixture
def coach(course):
    return make_coach(course)


def observe(trainer, learner, competency, level):
    trains(trainer, learner)
    return services.observation_record(
        trainer=trainer, learner=learner, competency=competency, level=level, observed_on=DAY
    )


def peer_observe(coach, learner, competency, level, coordinator):
    services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=learner)
    return services.peer_observation_record(
        coach=coach, learner=learner, competency=competency, level=level, observed_on=DAY
    )


def _raters_url(framework):
    return f"{reverse('assessments:competencies:raters')}?framework={framework.idnumber}"


def _peer_url(framework):
    return f"{reverse('assessments:competencies:peer_observe')}?framework={framework.idnumber}"


# --- Agreement and disagreement with peer coaches -------------------------------------


def test_a_trainer_and_a_peer_coach_are_a_rater_pair_with_kappa(tree, coach, coordinator):
    framework, _area, listening, *_ = tree
    trainer = TrainerFactory()
    for a, b in zip(RATINGS_A, RATINGS_B, strict=True):
        learner = TraineeFactory()
        observe(trainer, learner, listening, a)
        peer_observe(coach, learner, listening, b, coordinator)
    (pair,), _disagreements = raters.rater_report(framework)
    assert (pair.count, pair.exact_percent, pair.adjacent_percent) == (10, 70, 100)
    assert pair.kappa == Decimal("0.61")
    peers = {pair.rater_a: pair.peer_a, pair.rater_b: pair.peer_b}
    assert peers == {trainer: False, coach: True}


def test_a_peer_coach_more_than_a_level_off_is_a_disagreement_to_moderate(
    tree, coach, coordinator, trainee
):
    framework, _area, listening, *_ = tree
    observe(TrainerFactory(), trainee, listening, 4)
    low = peer_observe(coach, trainee, listening, 1, coordinator)
    _pairs, (disagreement,) = raters.rater_report(framework)
    assert disagreement.low == low and disagreement.low.kind == EvidenceKind.PEER_OBSERVATION
    raters.moderation_record(coordinator=coordinator, observation=low, note="The trainer's 4.")
    assert raters.rater_report(framework)[1] == []
    low.refresh_from_db()
    assert low.level == 1


def test_the_raters_page_labels_peer_coaches(coordinator_client, tree, coach, coordinator):
    framework, _area, listening, *_ = tree
    learner = TraineeFactory()
    observe(TrainerFactory(), learner, listening, 4)
    peer_observe(coach, learner, listening, 1, coordinator)
    page = coordinator_client.get(_raters_url(framework)).content.decode()
    assert "(peer coach)" in page  # in the agreement table
    assert '<span class="badge">Peer observation</span>' in page  # in the disagreement


# --- Rejected prior-learning claims -----------------------------------------------------


def test_a_rejected_claim_is_listed_and_moderated_like_an_approval(coordinator_client, tree):
    framework, *_rest, feedback = tree
    trainer, learner = TrainerFactory(), TraineeFactory()
    trains(trainer, learner)
    claim = services.prior_learning_submit(
        user=learner, competency=feedback, description="Tesoriere", link="https://example.org/x"
    )
    record = services.prior_learning_decide(
        claim=claim, trainer=trainer, approve=False, note="Nessun bilancio allegato."
    )
    assert record.kind == EvidenceKind.CLAIM_REJECTED
    page = coordinator_client.get(_raters_url(framework)).content.decode()
    assert "not approved by" in page and "Nessun bilancio allegato." in page
    moderate = reverse("assessments:competencies:moderate", args=[record.pk])
    coordinator_client.post(f"{moderate}?framework={framework.idnumber}", {"note": ""})
    assert not Evidence.objects.filter(kind=EvidenceKind.MODERATION).exists()
    coordinator_client.post(
        f"{moderate}?framework={framework.idnumber}", {"note": "Il verbale basta: rifare."}
    )
    assert Evidence.objects.get(kind=EvidenceKind.MODERATION).corrects == record
    assert (
        "Il verbale basta: rifare."
        in coordinator_client.get(_raters_url(framework)).content.decode()
    )


# --- Authorising peer coaches -----------------------------------------------------------


def test_a_coordinator_authorises_a_peer_coach_from_the_raters_page(
    coordinator_client, tree, coach, trainee
):
    framework = tree[0]
    url = reverse("assessments:competencies:peer_authorise") + f"?framework={framework.idnumber}"
    # Bad input: a trainee who did not complete a path is not offered and not accepted.
    novice = TraineeFactory()
    page = coordinator_client.get(_raters_url(framework))
    assert novice not in page.context["peer_form"].fields["coach"].queryset
    response = coordinator_client.post(url, {"coach": novice.pk, "learner": trainee.pk})
    assert "Choose a peer coach" in coordinator_client.get(response.url).content.decode()
    # Nor a coach observing themselves.
    response = coordinator_client.post(url, {"coach": coach.pk, "learner": coach.pk})
    assert "cannot rate themselves" in coordinator_client.get(response.url).content.decode()
    assert not PeerRater.objects.exists()

    response = coordinator_client.post(url, {"coach": coach.pk, "learner": trainee.pk})
    assert PeerRater.objects.get().learner == trainee
    page = coordinator_client.get(response.url).content.decode()
    assert "may now observe" in page and "No peer coach is authorised yet." not in page


def test_a_trainer_cannot_authorise_peer_coaches(trainer_client, tree, coach, trainee):
    url = reverse("assessments:competencies:peer_authorise") + f"?framework={tree[0].idnumber}"
    assert trainer_client.post(url, {"coach": coach.pk, "learner": trainee.pk}).status_code == 403
    assert not PeerRater.objects.exists()


# --- The peer coach's own page --------------------------------------------------------


def test_the_peer_coach_observes_only_the_learners_they_are_authorised_for(
    client, tree, coach, coordinator, trainee
):
    framework, _area, listening, *_ = tree
    client.force_login(coach)
    assert "No coordinator has asked you" in client.get(_peer_url(framework)).content.decode()
    services.peer_rater_authorise(coordinator=coordinator, coach=coach, learner=trainee)
    other = TraineeFactory()
    response = client.get(_peer_url(framework))
    assert list(response.context["form"].fields["learner"].queryset) == [trainee]
    data = {"competency": listening.pk, "level": 3, "observed_on": DAY.isoformat()}
    # Bad input: a learner not authorised, a level off the scale: nothing saved.
    response = client.post(_peer_url(framework), {**data, "learner": other.pk})
    assert response.status_code == 200 and response.context["form"].errors["learner"]
    response = client.post(_peer_url(framework), {**data, "learner": trainee.pk, "level": 9})
    assert response.context["form"].errors["level"]
    assert not Evidence.objects.exists()

    response = client.post(_peer_url(framework), {**data, "learner": trainee.pk})
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.user, evidence.recorded_by) == (
        EvidenceKind.PEER_OBSERVATION,
        trainee,
        coach,
    )
    page = client.get(response.url).content.decode()
    assert "Peer observation saved" in page and "Your peer observations" in page
    # The coach's own map offers the page.
    assert (
        reverse("assessments:competencies:peer_observe")
        in client.get(f"/en/competencies/?framework={framework.idnumber}").content.decode()
    )


def test_the_learners_why_names_the_peer_coach_and_the_date(
    client, tree, coach, coordinator, trainee
):
    framework, _area, listening, *_ = tree
    peer_observe(coach, trainee, listening, 3, coordinator)
    client.force_login(trainee)
    page = client.get(f"/en/competencies/?framework={framework.idnumber}").content.decode()
    from lms.accounts.names import display_name

    assert f"by {display_name(coach)}" in page
    with translation.override("en"):
        day = date_format(DAY, "SHORT_DATE_FORMAT")
    assert f"Peer observation</strong>, {day}" in page


def test_the_raters_page_runs_the_same_queries_at_s_and_l_with_peer_coaches(
    coordinator_client, tree, course
):
    """S: a trainer and a peer coach on 2 learners; L: 3 trainers and 3 peer coaches on
    12 learners (15 pairs), with rejected claims and authorisations."""
    framework, _area, listening, _questions, feedback = tree
    coordinator = CoordinatorFactory()

    def fill(trainers, coaches, learners):
        team = [TrainerFactory() for _ in range(trainers)]
        peers = [make_coach(course) for _ in range(coaches)]
        for n in range(learners):
            learner = TraineeFactory()
            for k, rater in enumerate(team):
                observe(rater, learner, listening, 1 + (n + 2 * k) % 4)
            for k, peer in enumerate(peers):
                peer_observe(peer, learner, listening, 1 + (n + k) % 4, coordinator)
            claim = services.prior_learning_submit(
                user=learner, competency=feedback, description="x", link="https://example.org/"
            )
            services.prior_learning_decide(
                claim=claim, trainer=team[0], approve=n % 2 == 0, level=3 if n % 2 == 0 else None
            )

    fill(1, 1, 2)
    coordinator_client.get(_raters_url(framework))
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(_raters_url(framework))
    fill(3, 3, 12)
    with CaptureQueriesContext(connection) as large:
        response = coordinator_client.get(_raters_url(framework))
    assert len(response.context["agreement"]) == 1 + 15
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_peer_page_runs_the_same_queries_at_s_and_l(client, tree, coach, coordinator):
    framework, _area, listening, *_ = tree
    client.force_login(coach)
    for _ in range(2):
        peer_observe(coach, TraineeFactory(), listening, 3, coordinator)
    client.get(_peer_url(framework))
    with CaptureQueriesContext(connection) as small:
        client.get(_peer_url(framework))
    for _ in range(20):
        peer_observe(coach, TraineeFactory(), listening, 2, coordinator)
    with CaptureQueriesContext(connection) as large:
        client.get(_peer_url(framework))
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Immutability in the database -------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only"
)
def test_moderation_notes_peer_observations_and_rejections_cannot_be_changed_in_the_database(
    tree, coach, coordinator, trainee
):
    _framework, _area, listening, _questions, feedback = tree
    trainer = TrainerFactory()
    peer = peer_observe(coach, trainee, listening, 1, coordinator)
    note = raters.moderation_record(coordinator=coordinator, observation=peer, note="Kept.")
    trains(trainer, trainee)
    claim = services.prior_learning_submit(
        user=trainee, competency=feedback, description="x", link="https://example.org/"
    )
    rejected = services.prior_learning_decide(claim=claim, trainer=trainer, approve=False)
    for record in (peer, note, rejected):
        rows = Evidence.objects.filter(pk=record.pk)
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            rows.update(note="Edited.")
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            rows.delete()
        assert Evidence.objects.get(pk=record.pk).note == record.note


def test_a_territorial_coordinator_sees_and_offers_only_their_territorys_people(
    client, tree, course, coordinator
):
    framework = tree[0]
    bari_coach = make_coach(course)
    bari_coach.profile.territory = "bari"
    bari_coach.profile.save()
    bari_learner = TraineeFactory(profile__territory="bari")
    services.peer_rater_authorise(coordinator=coordinator, coach=bari_coach, learner=bari_learner)
    client.force_login(CoordinatorFactory(territories=["foggia"]))
    response = client.get(_raters_url(framework))
    form = response.context["peer_form"]
    assert bari_coach not in form.fields["coach"].queryset
    assert bari_learner not in form.fields["learner"].queryset
    assert list(response.context["peer_raters"]) == []
    url = reverse("assessments:competencies:peer_authorise") + f"?framework={framework.idnumber}"
    client.post(
        url, {"coach": bari_coach.pk, "learner": TraineeFactory(profile__territory="foggia").pk}
    )
    assert PeerRater.objects.count() == 1


def test_the_why_names_the_raters_and_dates_the_rating_rests_on(
    client, tree, coach, coordinator, trainee
):
    """Active listening (2 observations by different raters): a trainer and the peer
    coach at Proficient; the "why" names both, with their dates."""
    from lms.accounts.names import display_name

    framework, _area, listening, *_ = tree
    trainer = TrainerFactory()
    observe(trainer, trainee, listening, 3)
    peer_observe(coach, trainee, listening, 3, coordinator)
    client.force_login(trainee)
    page = client.get(f"/en/competencies/?framework={framework.idnumber}").content.decode()
    with translation.override("en"):
        day = date_format(DAY, "SHORT_DATE_FORMAT")
    assert f"Trainer observation by {display_name(trainer)} on {day}" in page
    assert f"Peer observation by {display_name(coach)} on {day}" in page


def test_the_latest_trainer_rule_says_a_lower_later_rating_counts(client, tree, trainee):
    """Feedback (latest trainer rating): 4, then 2 by another trainer. The level is 2,
    the rule says so, and the 4 stays in the evidence."""
    framework, *_rest, feedback = tree
    observe(TrainerFactory(), trainee, feedback, 4)
    second = TrainerFactory()
    trains(second, trainee)
    services.observation_record(
        trainer=second,
        learner=trainee,
        competency=feedback,
        level=2,
        observed_on=DAY + datetime.timedelta(days=1),
    )
    client.force_login(trainee)
    response = client.get(f"/en/competencies/?framework={framework.idnumber}")
    row = next(r for r in response.context["rows"] if r.competency == feedback)
    assert row.level == 2
    assert "even when it is lower than an earlier one" in row.rule
    assert sorted(e.level for e in row.evidence) == [2, 4]
