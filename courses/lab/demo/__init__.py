"""Demo participatory paths, one per territory at a different stage (``lab.toml``).
Safe to run again.

Runs after ``courses.demo`` (which creates the cohorts, their trainers and trainees).
Whatever is missing is created here: the cohort, a trainer, the lab's extra
participants (public officials among them) and their enrolment in one of the cohort's
courses. Without any course page at all there is nothing to enrol people in, and the
lab demo is skipped. Each path then goes, through the lab's services, as far as the
stage open today: problems and votes, hypotheses, a proposal, its follow-up.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import Cohort, CoursePage, Enrollment
from courses.services import enrollment_create
from lms.accounts import demo as people_demo

from .. import services
from ..models import LabGroup, ParticipatoryPath, Stage, StageKind
from ..models.paths import STAGE_ORDER

User = get_user_model()

DATA = tomllib.loads((Path(__file__).parent / "lab.toml").read_text(encoding="utf-8"))
TRAINER = "giulia"  # when a cohort has no trainer of its own


def _cohort(name: str, territory: str) -> Cohort | None:
    cohort = Cohort.objects.filter(name=name).first()
    if cohort is None:
        cohort = Cohort.objects.create(name=name, territory=territory)
    if not cohort.trainers.exists():
        cohort.trainers.add(people_demo.person(TRAINER))
    if not cohort.courses.exists():
        course = CoursePage.objects.filter(locale__language_code="it").order_by("path").first()
        if course is None:
            return None
        cohort.courses.add(course)
    return cohort


def _enrol(cohort: Cohort, users) -> None:
    courses = list(cohort.courses.all())
    workshop = next((c for c in courses if "laboratori" in c.slug), courses[0])
    for user in users:
        existing = Enrollment.objects.filter(user=user, course=workshop).first()
        if existing is None:
            enrollment_create(
                user=user, course=workshop, cohort=cohort, source=Enrollment.Source.COORDINATOR
            )
        elif existing.cohort_id is None:
            Enrollment.objects.filter(pk=existing.pk).update(cohort=cohort)


def _path(cohort: Cohort, data: dict, facilitator) -> tuple[ParticipatoryPath, bool]:
    """The path with dates that match where it is: the stage open today opened ten days
    ago, earlier stages are over, later ones to come (so ``lab_follow_stage_dates``
    leaves the demo as it is)."""
    path = ParticipatoryPath.objects.filter(title=data["title"]).first()
    if path is not None:
        return path, False
    path = ParticipatoryPath.objects.create(
        title=data["title"],
        cohort=cohort,
        introduction=DATA["introduction"],
        votes_per_participant=DATA["votes_per_participant"],
    )
    start = timezone.localdate() - datetime.timedelta(
        days=10 + 21 * STAGE_ORDER.index(data["stage"])
    )
    for index, kind in enumerate(STAGE_ORDER):
        Stage.objects.create(
            path=path,
            kind=kind,
            facilitator=facilitator,
            opens_on=start + datetime.timedelta(days=21 * index),
            closes_on=start + datetime.timedelta(days=21 * index + 20),
            instructions=[("paragraph", f"<p>{DATA['instructions'][kind.value]}</p>")],
        )
    return path, True


def _open(path, facilitator, kind):
    """Close the open stage (if any) and open ``kind``."""
    for stage in Stage.objects.filter(path=path, status="open"):
        services.stage_close(stage=stage, user=facilitator)
    services.stage_open(stage=Stage.objects.get(path=path, kind=kind), user=facilitator)


def _reached(data: dict, kind: str) -> bool:
    return STAGE_ORDER.index(data["stage"]) >= STAGE_ORDER.index(kind)


def _load_path(data: dict) -> None:
    """Play the path's story from ``lab.toml`` up to its stage open today (once)."""
    cohort = Cohort.objects.get(name=data["cohort"])
    facilitator = cohort.trainers.order_by("pk").first() or people_demo.person(TRAINER)
    path, created = _path(cohort, data, facilitator)
    if not created:
        return
    people = list(User.objects.filter(enrollments__cohort=cohort).distinct().order_by("pk"))
    officials = [p for p in people if p.profile.is_public_official]
    writers = people
    if not data.get("officials_write", True):
        writers = [p for p in people if not p.profile.is_public_official] or people

    _open(path, facilitator, StageKind.PROBLEMS)
    problems = [
        services.problem_create(path=path, author=writers[index % len(writers)], **problem)
        for index, problem in enumerate(data["problems"])
    ]
    for comment in data.get("comments", []):
        services.problem_comment_create(
            problem=problems[comment["problem"]],
            author=people[comment["author"]],
            body=comment["body"],
        )
    for person in people:
        for problem in problems[: data["votes"]]:
            services.vote_cast(problem=problem, user=person)
    if merge := data.get("merge"):
        services.problem_merge(
            duplicate=problems[merge["duplicate"]], into=problems[merge["into"]], user=facilitator
        )
    if not _reached(data, StageKind.HYPOTHESES):
        return

    _open(path, facilitator, StageKind.HYPOTHESES)
    for index in data["selected"]:
        services.problem_select(problem=problems[index], user=facilitator)
    group, _created = LabGroup.objects.get_or_create(path=path, name=data["group"])
    group.members.add(*people)
    texts = dict(data["hypothesis"])
    problem, update = problems[texts.pop("problem")], texts.pop("update", None)
    hypothesis = services.hypothesis_create(
        problem=problem, group=group, user=writers[0], data=texts
    )
    if update:
        services.hypothesis_update(
            hypothesis=hypothesis,
            user=writers[-1],
            base_version=1,
            data={**hypothesis.texts(), **update},
        )
    if not _reached(data, StageKind.PROPOSALS):
        return

    _open(path, facilitator, StageKind.PROPOSALS)
    proposal = services.proposal_create(
        path=path, group=group, user=writers[0], hypothesis=hypothesis, data=data["proposal"]
    )
    services.proposal_submit(proposal=proposal, user=writers[0])
    review = data["review"]
    services.proposal_comment_create(proposal=proposal, author=facilitator, body=review["comment"])
    for official in officials:
        services.proposal_respond(
            proposal=proposal,
            official=official,
            verdict=review["verdict"],
            reasons=review["reasons"],
        )
    if not _reached(data, StageKind.FOLLOW_UP):
        return

    _open(path, facilitator, StageKind.FOLLOW_UP)
    follow_up = dict(data["follow_up"])
    days_ago = follow_up.pop("days_ago")
    services.follow_up_record(
        proposal=proposal,
        user=facilitator,
        submitted_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **follow_up,
    )
    services.proposal_set_public(proposal=proposal, user=writers[0], is_public=True)


@transaction.atomic
def load() -> None:
    """Enrol each path's participants in its cohort, then play every path's story."""
    for data in DATA["paths"]:
        members = people_demo.people(data["members"])
        cohort = _cohort(data["cohort"], data["territory"])
        if cohort is None:
            print("Participatory lab demo skipped: there is no course to enrol people in.")
            return
        _enrol(cohort, members)
    for data in DATA["paths"]:
        _load_path(data)
