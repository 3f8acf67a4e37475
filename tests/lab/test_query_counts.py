"""Every lab page runs the same number of queries with 1 and with 50 of everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.lab import services
from courses.lab.models import LabGroup, Problem, ProblemComment, StageKind

from .factories import make_participant, open_stage

pytestmark = pytest.mark.django_db

SECTIONS = dict.fromkeys(
    [
        "problem_statement",
        "evidence",
        "solution",
        "actors",
        "costs",
        "timeline",
        "success_measures",
    ],
    "Testo",
)


def grow(path, facilitator, people, group, *, n):
    """Add ``n`` problems (with comments and votes), hypotheses and proposals."""
    problems = [
        Problem.objects.create(
            path=path,
            author=people[i % len(people)],
            title=f"Problema {path.problems.count() + 1}",
            description="D",
            where="W",
            who_is_affected="P",
            selected=True,
        )
        for i in range(n)
    ]
    for problem in problems:
        ProblemComment.objects.create(problem=problem, author=people[0], body="Commento")
    first = path.problems.order_by("pk").first()
    ProblemComment.objects.bulk_create(
        ProblemComment(problem=first, author=people[i % len(people)], body=f"C{i}")
        for i in range(n)
    )
    return problems


def build(path, facilitator, people, group, *, n, voters):
    open_stage(path, StageKind.PROBLEMS, user=facilitator)
    problems = grow(path, facilitator, people, group, n=n)
    for person in voters:
        for problem in problems[:3]:
            services.vote_cast(problem=problem, user=person)
    open_stage(path, StageKind.HYPOTHESES, user=facilitator)
    for problem in problems:
        services.hypothesis_create(
            problem=problem, group=group, user=people[0], data={"title": f"Ipotesi {problem.pk}"}
        )
    open_stage(path, StageKind.PROPOSALS, user=facilitator)
    proposals = []
    for i in range(n):
        proposal = services.proposal_create(
            path=path, group=group, user=people[0], data={"title": f"Proposta {i}", **SECTIONS}
        )
        services.proposal_submit(proposal=proposal, user=people[0])
        services.proposal_comment_create(proposal=proposal, author=people[1], body="Ok")
        services.proposal_set_public(proposal=proposal, user=people[0], is_public=True)
        proposals.append(proposal)
    return problems, proposals


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def pages(path, problem, hypothesis, proposal):
    args = [path.pk]
    return {
        "index": reverse("courses:lab:index"),
        "path": reverse("courses:lab:path", args=args),
        "problems": reverse("courses:lab:problems", args=args),
        "problem": problem.get_absolute_url(),
        "hypotheses": reverse("courses:lab:hypotheses", args=args),
        "hypothesis": hypothesis.get_absolute_url(),
        "history": reverse("courses:lab:hypothesis_history", args=[path.pk, hypothesis.pk]),
        "proposals": reverse("courses:lab:proposals", args=args),
        "proposal": proposal.get_absolute_url(),
        "territory": reverse("courses:lab:territory", args=["bari"]),
    }


@pytest.mark.parametrize("who", ["participant", "facilitator"])
def test_query_counts_do_not_grow_with_data(client, lab_path, facilitator, who):
    people = [make_participant(lab_path) for _ in range(3)]
    group = LabGroup.objects.create(path=lab_path, name="Gruppo")
    group.members.add(*people)
    problems, proposals = build(lab_path, facilitator, people, group, n=1, voters=people)
    problem, proposal = problems[0], proposals[0]
    hypothesis = problem.hypotheses.get()
    viewer = people[0] if who == "participant" else facilitator
    client.force_login(viewer)
    urls = pages(lab_path, problem, hypothesis, proposal)
    urls["recognise"] = reverse("courses:lab:recognise", args=[lab_path.pk])
    if who == "participant":
        del urls["recognise"]
    client.get(urls["path"])  # warm the per-process caches (site root, locales)
    small = {name: count(client, url) for name, url in urls.items()}

    more_people = [make_participant(lab_path) for _ in range(5)]
    group.members.add(*more_people)
    build(lab_path, facilitator, people + more_people, group, n=50, voters=more_people)
    open_stage(lab_path, StageKind.HYPOTHESES, user=facilitator)
    for i in range(5):
        services.hypothesis_update(
            hypothesis=hypothesis,
            user=people[0],
            base_version=hypothesis.version + i,
            data={"title": f"Ipotesi v{i}"},
        )
    open_stage(lab_path, StageKind.PROPOSALS, user=facilitator)
    large = {name: count(client, url) for name, url in urls.items()}
    assert large == small
