"""Reads of the participatory lab. Each selector runs a fixed number of queries
whatever the number of problems, votes, comments or proposals (see
tests/lab/test_query_counts.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from .access import PathAccess
from .models import (
    Ballot,
    ContributionRecognition,
    Hypothesis,
    HypothesisRevision,
    LabGroup,
    ParticipatoryPath,
    Problem,
    ProblemComment,
    Proposal,
    ProposalComment,
    ProposalFollowUp,
    ProposalResponse,
    ProposalRevision,
    Stage,
    StageKind,
    Vote,
)
from .models.paths import STAGE_ORDER

# --- Paths and stages -------------------------------------------------------------


def stages_of(path: ParticipatoryPath) -> dict[str, Stage]:
    """The path's stages by kind, in path order (one query)."""
    stages = Stage.objects.filter(path=path).select_related("facilitator__profile")
    by_kind = {stage.kind: stage for stage in stages}
    return {kind: by_kind[kind] for kind in STAGE_ORDER if kind in by_kind}


def current_stage(stages: dict[str, Stage]) -> Stage | None:
    """The open stage, else the last closed one, else the first."""
    ordered = list(stages.values())
    for stage in ordered:
        if stage.is_open:
            return stage
    closed = [stage for stage in ordered if stage.is_closed]
    if closed:
        return closed[-1]
    return ordered[0] if ordered else None


def paths_with_stages(paths: QuerySet) -> list[ParticipatoryPath]:
    """Paths with their stages prefetched (two queries)."""
    return list(paths.prefetch_related("stages").order_by("-created_at"))


# --- Problems and the vote ----------------------------------------------------------


@dataclass
class ProblemBoard:
    problems: list[Problem]
    voting_open: bool
    results_visible: bool
    ballot: Ballot | None
    my_votes: set[int] = field(default_factory=set)

    @property
    def votes_left(self) -> int | None:
        return None if self.ballot is None else self.ballot.remaining


def problem_board(*, path: ParticipatoryPath, stages: dict[str, Stage], user) -> ProblemBoard:
    """The problems of a path (merged ones left out) with the user's votes.

    While voting is open problems are listed newest first and counts are not shown,
    so nobody votes for what is already ahead; once the problems stage is closed
    they are ranked by votes.
    """
    stage = stages.get(StageKind.PROBLEMS)
    voting_open = bool(stage and stage.is_open)
    results_visible = bool(stage and stage.is_closed)
    problems = Problem.objects.filter(path=path, merged_into__isnull=True).select_related(
        "author__profile"
    )
    if results_visible:
        problems = problems.order_by("-selected", "-vote_count", "created_at", "pk")
    ballot = None
    my_votes: set[int] = set()
    if user.is_authenticated:
        ballot = Ballot.objects.filter(path=path, user=user).first()
        if ballot is not None:
            my_votes = set(Vote.objects.filter(ballot=ballot).values_list("problem_id", flat=True))
    return ProblemBoard(list(problems), voting_open, results_visible, ballot, my_votes)


@dataclass
class ProblemDetail:
    problem: Problem
    comments: list[ProblemComment]
    duplicates: list[Problem]
    voted: bool
    ballot: Ballot | None


def problem_detail(*, problem: Problem, user) -> ProblemDetail:
    """A problem with its comments, the duplicates merged into it and the user's vote."""
    comments = list(
        ProblemComment.objects.filter(problem=problem).select_related("author__profile")
    )
    duplicates = list(Problem.objects.filter(merged_into=problem).order_by("created_at"))
    ballot = Ballot.objects.filter(path_id=problem.path_id, user=user).first()
    voted = ballot is not None and Vote.objects.filter(ballot=ballot, problem=problem).exists()
    return ProblemDetail(problem, comments, duplicates, voted, ballot)


def problem_for(*, path: ParticipatoryPath, pk: int) -> Problem:
    return (
        Problem.objects.select_related("author__profile", "merged_into")
        .filter(path=path)
        .get(pk=pk)
    )


def merge_targets(*, problem: Problem) -> list[Problem]:
    """Problems a duplicate can be merged into."""
    return list(
        Problem.objects.filter(path_id=problem.path_id, merged_into__isnull=True)
        .exclude(pk=problem.pk)
        .only("pk", "title")
        .order_by("title")
    )


# --- Hypotheses ---------------------------------------------------------------------


def selected_problems_with_hypotheses(*, path: ParticipatoryPath) -> list[Problem]:
    """Selected problems, each with its hypotheses and their groups (two queries)."""
    hypotheses = Hypothesis.objects.select_related("group", "updated_by__profile").order_by(
        "created_at", "pk"
    )
    return list(
        Problem.objects.filter(path=path, selected=True, merged_into__isnull=True)
        .order_by("-vote_count", "pk")
        .prefetch_related(Prefetch("hypotheses", queryset=hypotheses, to_attr="hypothesis_list"))
    )


def hypothesis_for(*, path: ParticipatoryPath, pk: int) -> Hypothesis:
    return Hypothesis.objects.select_related("problem", "group", "updated_by__profile").get(
        path=path, pk=pk
    )


def hypothesis_revisions(*, hypothesis: Hypothesis) -> list[HypothesisRevision]:
    return list(
        HypothesisRevision.objects.filter(hypothesis=hypothesis).select_related("author__profile")
    )


def proposal_revisions(*, proposal: Proposal) -> list[ProposalRevision]:
    return list(
        ProposalRevision.objects.filter(proposal=proposal).select_related("author__profile")
    )


def groups_of(*, access: PathAccess) -> list[LabGroup]:
    """The user's groups in the path (one query)."""
    if not access.group_ids:
        return []
    return list(LabGroup.objects.filter(pk__in=access.group_ids))


# --- Proposals ----------------------------------------------------------------------


def _latest_follow_up():
    latest = ProposalFollowUp.objects.filter(proposal=OuterRef("pk")).order_by("-created_at", "-pk")
    return {
        "outcome": Subquery(latest.values("outcome")[:1]),
        "outcome_on": Subquery(latest.values("submitted_on")[:1]),
        "submitted_to": Subquery(latest.values("submitted_to")[:1]),
    }


def proposals_of(*, path: ParticipatoryPath, access: PathAccess) -> list[Proposal]:
    """The path's proposals with their group and current outcome (one query).

    Drafts are seen by their group and the facilitators only.
    """
    proposals = (
        Proposal.objects.filter(path=path)
        .select_related("group")
        .annotate(**_latest_follow_up())
        .order_by("-created_at", "-pk")
    )
    if not access.can_moderate:
        proposals = proposals.filter(
            ~Q(status=Proposal.Status.DRAFT) | Q(group_id__in=list(access.group_ids))
        )
    return list(proposals)


@dataclass
class ProposalDetail:
    proposal: Proposal
    comments: list[ProposalComment]
    responses: list[ProposalResponse]
    follow_ups: list[ProposalFollowUp]
    members: list


def proposal_for(*, path: ParticipatoryPath, pk: int) -> Proposal:
    return Proposal.objects.select_related(
        "group", "problem", "hypothesis", "updated_by__profile", "path__cohort"
    ).get(path=path, pk=pk)


def proposal_detail(*, proposal: Proposal) -> ProposalDetail:
    """A proposal with its comments, responses, follow-ups and group members."""
    return ProposalDetail(
        proposal,
        list(ProposalComment.objects.filter(proposal=proposal).select_related("author__profile")),
        list(ProposalResponse.objects.filter(proposal=proposal).select_related("author__profile")),
        list(
            ProposalFollowUp.objects.filter(proposal=proposal).select_related(
                "recorded_by__profile"
            )
        ),
        list(proposal.group.members.select_related("profile").order_by("profile__display_name")),
    )


def public_proposals(*, territory: str) -> list[Proposal]:
    """Proposals of a territory's paths that their group opted to publish (one query)."""
    return list(
        Proposal.objects.filter(
            path__cohort__territory=territory,
            is_public=True,
            hidden_at__isnull=True,
        )
        .exclude(status=Proposal.Status.DRAFT)
        .select_related("group", "path")
        .annotate(**_latest_follow_up())
        .order_by("-submitted_at", "-pk")
    )


# --- Contributions that can become competency evidence -------------------------------


@dataclass
class Contribution:
    """Something a participant wrote, with a stable reference (``lab.<kind>:<pk>``)."""

    ref: str
    kind: str
    title: str
    url: str
    users: list = field(default_factory=list)

    @property
    def user_ids(self) -> set[int]:
        return {user.pk for user in self.users}


def contribution_ref(instance) -> str:
    """The stable reference of a lab contribution, as used in evidence ``source``."""
    return f"lab.{instance._meta.model_name}:{instance.pk}"


def contributions_for_recognition(*, path: ParticipatoryPath) -> list[Contribution]:
    """Visible problems (their author), hypotheses and proposals (their group's
    members) of a path, for a facilitator to recognise (four queries)."""
    members = Prefetch(
        "group__members",
        queryset=get_user_model().objects.select_related("profile").order_by("pk"),
    )
    result: list[Contribution] = []
    problems = Problem.objects.filter(path=path, hidden_at__isnull=True, author__isnull=False)
    for problem in problems.select_related("author__profile").order_by("created_at", "pk"):
        result.append(
            Contribution(
                contribution_ref(problem),
                "problem",
                problem.title,
                problem.get_absolute_url(),
                [problem.author],
            )
        )
    hypotheses = Hypothesis.objects.filter(path=path, hidden_at__isnull=True)
    for hypothesis in hypotheses.select_related("group").prefetch_related(members):
        result.append(
            Contribution(
                contribution_ref(hypothesis),
                "hypothesis",
                hypothesis.title,
                hypothesis.get_absolute_url(),
                list(hypothesis.group.members.all()),
            )
        )
    proposals = Proposal.objects.filter(path=path, hidden_at__isnull=True)
    for proposal in proposals.select_related("group").prefetch_related(members):
        result.append(
            Contribution(
                contribution_ref(proposal),
                "proposal",
                proposal.title,
                proposal.get_absolute_url(),
                list(proposal.group.members.all()),
            )
        )
    return result


def recognitions_of(*, path: ParticipatoryPath) -> list[ContributionRecognition]:
    """What the path's facilitators have recognised so far (one query)."""
    return list(
        ContributionRecognition.objects.filter(path=path)
        .select_related("user__profile", "recognised_by__profile")
        .order_by("-created_at")
    )
