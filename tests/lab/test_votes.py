"""The fair vote: N votes each, never more, results only when voting closes."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from courses.lab import services
from courses.lab.exceptions import LabError, StageNotOpen, VoteLimitReached
from courses.lab.models import Ballot, StageKind, Vote

from .factories import make_problem, open_stage


@pytest.fixture
def problems(lab_path, participant, problems_open):
    return [make_problem(lab_path, participant, title=f"Problema {n}") for n in range(5)]


@pytest.mark.django_db
def test_a_participant_has_exactly_n_votes(lab_path, participant, problems):
    for problem in problems[:3]:
        services.vote_cast(problem=problem, user=participant)
    with pytest.raises(
        VoteLimitReached,
        match="You have used all your 3 votes. Take one back to vote for this problem.",
    ):
        services.vote_cast(problem=problems[3], user=participant)
    assert Vote.objects.filter(ballot__user=participant).count() == 3
    services.vote_withdraw(problem=problems[0], user=participant)
    services.vote_cast(problem=problems[3], user=participant)
    assert Ballot.objects.get(user=participant).used == 3


@pytest.mark.django_db
def test_one_vote_per_problem(lab_path, participant, problems):
    services.vote_cast(problem=problems[0], user=participant)
    with pytest.raises(LabError, match="You have already voted for this problem."):
        services.vote_cast(problem=problems[0], user=participant)


@pytest.mark.django_db
def test_the_database_refuses_more_than_n(lab_path, participant, problems):
    """Even code that skips the service cannot push a ballot past its allowance."""
    services.vote_cast(problem=problems[0], user=participant)
    ballot = Ballot.objects.get(user=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.filter(pk=ballot.pk).update(used=ballot.allowed + 1)


@pytest.mark.django_db
def test_no_votes_once_voting_closes(lab_path, participant, facilitator, problems):
    open_stage(lab_path, StageKind.HYPOTHESES, user=facilitator)
    with pytest.raises(StageNotOpen):
        services.vote_cast(problem=problems[0], user=participant)


@pytest.mark.django_db
def test_results_are_hidden_until_voting_closes(
    client, lab_path, participant, other_participant, facilitator, problems
):
    services.vote_cast(problem=problems[2], user=participant)
    services.vote_cast(problem=problems[2], user=other_participant)
    client.force_login(other_participant)
    listing = reverse("courses:lab:problems", args=[lab_path.pk])
    page = client.get(listing).content.decode()
    assert 'class="lab-votes"' not in page  # no counts while voting
    assert "You have 2 votes left." in page
    assert "You voted for this" in page

    open_stage(lab_path, StageKind.HYPOTHESES, user=facilitator)
    page = client.get(listing).content.decode()
    assert "Voting is closed: problems are ranked by votes." in page
    assert '<p class="lab-votes">2 votes</p>' in page
    assert page.index("Problema 2") < page.index("Problema 0")  # ranked


@pytest.mark.django_db
def test_voting_through_the_page(client, lab_path, participant, problems):
    client.force_login(participant)
    response = client.post(
        reverse("courses:lab:problem_vote", args=[lab_path.pk, problems[1].pk]), follow=True
    )
    assert "You voted for “Problema 1”." in response.content.decode()
    response = client.post(
        reverse("courses:lab:problem_vote_withdraw", args=[lab_path.pk, problems[1].pk]),
        follow=True,
    )
    assert "You took back your vote for “Problema 1”." in response.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises every write transaction",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_never_exceed_n(lab_path, participant, problems):
    """Eight requests at once for a participant with three votes: three succeed."""
    barrier = threading.Barrier(len(problems))
    outcomes = []

    def vote(problem):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.vote_cast(problem=problem, user=participant)
            outcomes.append("ok")
        except (LabError, IntegrityError) as error:
            outcomes.append(type(error).__name__)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=vote, args=(p,)) for p in problems]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 3
    assert Vote.objects.filter(ballot__user=participant).count() == 3
    assert Ballot.objects.get(user=participant).used == 3
