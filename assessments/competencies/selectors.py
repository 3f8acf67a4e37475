"""Reads for competencies: the learner map, the cohort heat map and the needs report.

Each selector runs a fixed number of queries whatever the number of learners,
competencies or pieces of evidence (tests hold them to it).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from assessments.models import (
    Competency,
    CompetencyAlignment,
    CompetencyFramework,
    CompetencyRating,
    Evidence,
    EvidenceKind,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentResponse,
)
from courses.models import Enrollment
from courses.selectors import people_visible_to
from lms.accounts.models import Territory
from lms.roles import Role, territories_for

from . import rules

User = get_user_model()


@dataclass
class ScaleInfo:
    levels: list  # ScaleLevel, in order
    proficient_from: int

    @property
    def names(self) -> dict[int, str]:
        return {number: level.display_name for number, level in enumerate(self.levels, 1)}

    @property
    def size(self) -> int:
        return len(self.levels)

    def as_rule_scale(self) -> rules.Scale:
        return rules.Scale(self.size, self.proficient_from)


@dataclass
class Node:
    competency: Competency
    depth: int
    children: list[Node] = field(default_factory=list)


def framework_list() -> QuerySet[CompetencyFramework]:
    """Frameworks for pickers, by ID number."""
    return CompetencyFramework.objects.order_by("idnumber")


def framework_tree(framework: CompetencyFramework) -> tuple[ScaleInfo, list[Node]]:
    """The scale and the competencies in tree order (depth-first), in two queries
    (the framework's scale must be select_related)."""
    scale = framework.scale
    levels = sorted(scale.levels.all(), key=lambda level: level.sort_order or 0)
    competencies = list(framework.competencies.order_by("sort_order", "idnumber"))
    by_parent = defaultdict(list)
    for competency in competencies:
        by_parent[competency.parent_id].append(competency)
    flat: list[Node] = []

    def walk(parent_id, depth):
        for competency in by_parent.get(parent_id, []):
            node = Node(competency, depth)
            flat.append(node)
            before = len(flat)
            walk(competency.pk, depth + 1)
            node.children = [n for n in flat[before:] if n.depth == depth + 1]

    walk(None, 0)
    return ScaleInfo(levels, scale.proficient_from), flat


def framework_get(idnumber: str | None = None) -> CompetencyFramework | None:
    """A framework by ID number (or the first one), with its scale and levels."""
    frameworks = CompetencyFramework.objects.select_related("scale").prefetch_related(
        "scale__levels"
    )
    if idnumber:
        return frameworks.filter(idnumber=idnumber).first()
    return frameworks.order_by("idnumber").first()


@dataclass
class MapRow:
    node: Node
    rating: CompetencyRating | None
    level_name: str
    reason: str
    missing: str
    rule: str
    self_level: int | None
    self_level_name: str
    evidence: list[Evidence]
    learn_in: list = field(default_factory=list)  # live pages aligned to the competency
    # The evidence the rating rests on that a person recorded (a rater, with the date):
    # the "why" names them.
    counted: list[Evidence] = field(default_factory=list)
    # Two raters' latest ratings differ by more than one level and the coordinator has
    # not moderated them yet: the map says a review is coming.
    disagreement: bool = False

    @property
    def competency(self):
        return self.node.competency

    @property
    def level(self) -> int:
        return (self.rating.level or 0) if self.rating else 0

    @property
    def proficient(self) -> bool:
        return bool(self.rating and self.rating.proficient)


def learner_map(user, framework: CompetencyFramework) -> tuple[ScaleInfo, list[MapRow]]:
    """Everything a learner's map shows: level, reason, what is missing, the evidence
    and where to learn it.

    Six queries: levels, competencies, ratings, evidence (with who recorded it),
    aligned pages, and nothing per row.
    """
    from .raters import disagreement_pending

    scale, nodes = framework_tree(framework)
    names = scale.names
    competency_names = {node.competency.pk: node.competency.display_name for node in nodes}
    ratings = {
        r.competency_id: r
        for r in CompetencyRating.objects.filter(user=user, competency__framework=framework)
    }
    evidence = defaultdict(list)
    for item in (
        Evidence.objects.filter(user=user, competency__framework=framework)
        .select_related("recorded_by__profile")
        .order_by("-observed_on", "-created_at", "-pk")
    ):
        item.level_name = names.get(item.level, "") if item.level else ""
        evidence[item.competency_id].append(item)
    learn_in = defaultdict(list)
    for alignment in CompetencyAlignment.objects.filter(
        competency__framework=framework, page__live=True
    ).select_related("page"):
        learn_in[alignment.competency_id].append(alignment.page)
    rows = []
    for node in nodes:
        competency = node.competency
        rating = ratings.get(competency.pk)
        config = rules.RuleConfig(
            competency.rule_type,
            competency.rule_count,
            competency.rule_min_percent,
            competency.rule_counts_peers,
        )
        if rating:
            reason = rules.describe(rating.detail.get("reason"), names, competency_names)
            missing = rules.describe(rating.detail.get("missing"), names, competency_names)
        else:
            own = evidence.get(competency.pk, [])
            if own:  # e.g. a self-assessment, which never makes a level by itself
                reason = gettext("Evidence recorded, not yet enough for a level.")
            else:
                reason = rules.describe({"code": "none"}, names, competency_names)
            initial = _initial_missing(competency, scale, node=node, ratings=ratings)
            missing = rules.describe(initial, names, competency_names)
        own = evidence.get(competency.pk, [])
        self_items = [e for e in own if e.kind == EvidenceKind.SELF]
        self_level = self_items[0].level if self_items else None
        rows.append(
            MapRow(
                node=node,
                rating=rating,
                level_name=names.get(rating.level, "") if rating and rating.level else "",
                reason=reason,
                missing=missing,
                rule=rules.describe_rule(config, names, scale.as_rule_scale()),
                self_level=self_level,
                self_level_name=names.get(self_level, "") if self_level else "",
                evidence=own,
                learn_in=learn_in.get(competency.pk, []),
                counted=_counted(rating, own),
                disagreement=disagreement_pending(own),
            )
        )
    return scale, rows


def _counted(rating, evidence: list[Evidence]) -> list[Evidence]:
    """The pieces of ``evidence`` the rating's rule used, those a person recorded."""
    used = set(rating.detail.get("evidence") or ()) if rating else set()
    return [e for e in evidence if e.pk in used and e.recorded_by_id is not None]


def _initial_missing(competency: Competency, scale: ScaleInfo, *, node, ratings) -> dict:
    """What is missing before any evidence, as the rule would say it (for a parent: how
    many of its sub-competencies are proficient already)."""
    rule_scale = scale.as_rule_scale()
    config = rules.RuleConfig(
        competency.rule_type,
        competency.rule_count,
        competency.rule_min_percent,
        competency.rule_counts_peers,
    )
    if competency.rule_type == "all_children":
        children = [child.competency.pk for child in node.children]
        done = sum(1 for pk in children if ratings.get(pk) and ratings[pk].proficient)
        return {"code": "children", "done": done, "total": len(children)}
    return rules.EVIDENCE_RULES[competency.rule_type]([], rule_scale, config).missing


def learners_visible_to(user, *, cohort=None, territory: str | None = None) -> QuerySet:
    """Trainees whose competencies ``user`` may see (``courses.selectors.people_visible_to``):
    a programme coordinator everyone, a coordinator the trainees of their territories,
    trainers the trainees enrolled in cohorts they train. Optionally narrowed to one
    cohort and/or territory."""
    queryset = trainees(territory=territory)
    if cohort is not None:
        queryset = queryset.filter(
            pk__in=Enrollment.objects.filter(cohort=cohort).values("user_id")
        )
    if territories_for(user) is not None:
        queryset = queryset.filter(pk__in=people_visible_to(user).values("pk"))
    return queryset


def peer_coach_candidates(user) -> QuerySet:
    """Trainees ``user`` may see who completed a path: who may become peer coaches."""
    completed = Enrollment.objects.filter(completed_at__isnull=False).values("user_id")
    return learners_visible_to(user).filter(pk__in=completed)


def peer_raters_visible_to(user) -> QuerySet:
    """The peer-coach authorisations of the learners ``user`` may see, by coach."""
    from assessments.models import PeerRater

    return (
        PeerRater.objects.filter(learner__in=learners_visible_to(user).values("pk"))
        .select_related(
            "coach__profile", "learner__profile", "authorised_by__profile", "revoked_by__profile"
        )
        .order_by(
            "coach__profile__display_name",
            "coach_id",
            "learner__profile__display_name",
            "-authorised_at",
        )
    )


def peer_learners_of(coach) -> QuerySet:
    """The learners a coordinator authorised ``coach`` to observe as a peer coach (and
    has not withdrawn the authorisation)."""
    return (
        User.objects.filter(
            peer_raters__coach=coach, peer_raters__revoked_at__isnull=True, is_active=True
        )
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


def peer_learners_withdrawn(coach) -> QuerySet:
    """The learners ``coach`` observed as a peer coach until a coordinator withdrew the
    authorisation (and has not given it again)."""
    return (
        User.objects.filter(peer_raters__coach=coach, peer_raters__revoked_at__isnull=False)
        .exclude(pk__in=peer_learners_of(coach).values("pk"))
        .select_related("profile")
        .distinct()
        .order_by("profile__display_name", "pk")
    )


def trainees(*, territory: str | None = None) -> QuerySet:
    """Trainees (optionally of one territory), with profiles, by name."""
    queryset = (
        User.objects.filter(groups__name=Role.TRAINEE, is_active=True)
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )
    if territory:
        queryset = queryset.filter(profile__territory=territory)
    return queryset


@dataclass
class HeatRow:
    learner: object
    cells: list[tuple[Competency, CompetencyRating | None]]

    @property
    def proficient_count(self) -> int:
        return sum(1 for _c, rating in self.cells if rating and rating.proficient)


def cohort_heatmap(learners: QuerySet, framework: CompetencyFramework, *, depth: int | None = 1):
    """Learners × competencies with each stored rating; three queries in all.

    ``depth`` limits the columns to one tree level (1 = competencies under the areas);
    ``None`` shows every node.
    """
    scale, nodes = framework_tree(framework)
    columns = [n.competency for n in nodes if depth is None or n.depth == depth]
    learners = list(learners)
    names = scale.names
    ratings = {}
    for r in CompetencyRating.objects.filter(
        user__in=[u.pk for u in learners], competency__in=[c.pk for c in columns]
    ):
        r.level_name = names.get(r.level, "") if r.level else ""
        ratings[(r.user_id, r.competency_id)] = r
    rows = [
        HeatRow(learner, [(c, ratings.get((learner.pk, c.pk))) for c in columns])
        for learner in learners
    ]
    return scale, columns, rows


@dataclass
class NeedsRow:
    competency: Competency
    area: Competency | None
    respondents: int
    first: Decimal | None
    last: Decimal | None
    growth: Decimal | None
    paired: int
    by_territory: dict[str, Decimal | None]

    @property
    def territory_cells(self) -> list[Decimal | None]:
        """First-answer averages in the order of ``Territory``."""
        return [self.by_territory.get(code) for code in Territory.values]


def _average(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def self_assessment_answers(
    assessment: SelfAssessment, learners: QuerySet, *, submitted_between=None
) -> SelfAnswers:
    """The items of ``assessment``, each learner's first and last response and every
    answer of those responses, grouped by (response, competency). Three queries.
    ``submitted_between`` (start, end): only the responses submitted from ``start`` up
    to (not including) ``end`` count (the funder report's period)."""
    items = list(assessment.items.select_related("competency__parent").order_by("sort_order", "pk"))
    responses = SelfAssessmentResponse.objects.filter(assessment=assessment, user__in=learners)
    if submitted_between is not None:
        start, end = submitted_between
        responses = responses.filter(submitted_at__gte=start, submitted_at__lt=end)
    responses = list(
        responses.order_by("submitted_at", "pk").values("pk", "user_id", "user__profile__territory")
    )
    answers = SelfAnswers(items)
    for response in responses:
        answers.first.setdefault(response["user_id"], response["pk"])
        answers.last[response["user_id"]] = response["pk"]
        answers.territory_of[response["user_id"]] = response["user__profile__territory"]
    wanted = set(answers.first.values()) | set(answers.last.values())
    for response_id, competency_id, value in SelfAssessmentAnswer.objects.filter(
        response_id__in=wanted
    ).values_list("response_id", "item__competency_id", "value"):
        answers.values[(response_id, competency_id)].append(Decimal(value))
    return answers


@dataclass
class SelfAnswers:
    items: list
    first: dict = field(default_factory=dict)  # learner id → first response id
    last: dict = field(default_factory=dict)  # learner id → last response id
    territory_of: dict = field(default_factory=dict)
    # (response id, competency id) → that response's answers for the competency
    values: dict = field(default_factory=lambda: defaultdict(list))


def needs_report(
    assessment: SelfAssessment, learners: QuerySet, *, submitted_between=None
) -> list[NeedsRow]:
    """Per competency of ``assessment``: the group's average first self-assessment
    (1–5, overall and per territory), the average last one, and the growth — the mean
    of (last − first) over the learners who answered twice. Weakest first. Three
    queries. ``submitted_between``: as for ``self_assessment_answers``.
    """
    answers = self_assessment_answers(assessment, learners, submitted_between=submitted_between)
    items, first, last, territory_of = (
        answers.items,
        answers.first,
        answers.last,
        answers.territory_of,
    )
    # (response, competency) → the mean of that response's answers for the competency
    means = {key: sum(values) / len(values) for key, values in answers.values.items()}
    rows, seen = [], set()
    for item in items:
        competency = item.competency
        if competency.pk in seen:
            continue
        seen.add(competency.pk)
        firsts, lasts, growths = {}, [], []
        for user_id, first_id in first.items():
            if (first_id, competency.pk) in means:
                firsts[user_id] = means[(first_id, competency.pk)]
            last_id = last[user_id]
            if last_id != first_id and (last_id, competency.pk) in means:
                lasts.append(means[(last_id, competency.pk)])
                if user_id in firsts:
                    growths.append(means[(last_id, competency.pk)] - firsts[user_id])
        territories = defaultdict(list)
        for user_id, value in firsts.items():
            territories[territory_of[user_id]].append(value)
        rows.append(
            NeedsRow(
                competency=competency,
                area=competency.parent,
                respondents=len(firsts),
                first=_average(firsts.values()),
                last=_average(lasts),
                growth=_average(growths),
                paired=len(growths),
                by_territory={t: _average(v) for t, v in territories.items()},
            )
        )
    rows.sort(key=lambda row: (row.first is None, row.first or 0))
    return rows


def competencies_in_use(*, competencies=(), frameworks=()) -> list:
    """Of ``competencies`` and ``frameworks``, those whose deletion would take evidence,
    self-assessment statements or focus-group ratings with it (their own or those of a
    competency under them). Four queries."""
    from assessments.models import FocusGroupRating, SelfAssessmentItem

    framework_ids = {c.framework_id for c in competencies} | {f.pk for f in frameworks}
    parent, framework_of = {}, {}
    for pk, parent_id, framework_id in Competency.objects.filter(
        framework_id__in=framework_ids
    ).values_list("pk", "parent_id", "framework_id"):
        parent[pk], framework_of[pk] = parent_id, framework_id
    used = (
        set(
            Evidence.objects.filter(competency_id__in=parent).values_list(
                "competency_id", flat=True
            )
        )
        | set(
            SelfAssessmentItem.objects.filter(competency_id__in=parent).values_list(
                "competency_id", flat=True
            )
        )
        | set(
            FocusGroupRating.objects.filter(capability_id__in=parent).values_list(
                "capability_id", flat=True
            )
        )
    )
    reached = set()
    for pk in used:
        while pk is not None and pk not in reached:
            reached.add(pk)
            pk = parent.get(pk)
    used_frameworks = {framework_of[pk] for pk in used}
    return [c for c in competencies if c.pk in reached] + [
        f for f in frameworks if f.pk in used_frameworks
    ]


@dataclass
class SelfAssessmentState:
    """Where a trainee is with one self-assessment: the start and end responses, until
    when each can still be changed, and whether the end one is open to them."""

    start: SelfAssessmentResponse | None
    end: SelfAssessmentResponse | None
    path_complete: bool
    opened_by_coordinator: bool
    now: datetime.datetime

    @staticmethod
    def editable_until(response: SelfAssessmentResponse | None):
        if response is None:
            return None
        return response.submitted_at + datetime.timedelta(days=SelfAssessmentResponse.EDIT_DAYS)

    @property
    def start_editable(self) -> bool:
        # Once the end is filled in, the start is history: the growth is measured on it.
        return (
            self.start is not None
            and self.end is None
            and self.now < self.editable_until(self.start)
        )

    @property
    def end_open(self) -> bool:
        return self.start is not None and (self.path_complete or self.opened_by_coordinator)

    @property
    def end_editable(self) -> bool:
        return self.end is not None and self.now < self.editable_until(self.end)

    def may_fill(self, phase: str) -> bool:
        """Whether ``phase`` ("start" or "end") can be filled in or changed now."""
        if phase == SelfAssessmentResponse.Phase.START:
            return self.start is None or self.start_editable
        if phase == SelfAssessmentResponse.Phase.END:
            return self.end_open and (self.end is None or self.end_editable)
        return False

    def default_phase(self) -> str | None:
        """The phase the page offers when none is asked for: never the end one unless it
        is open, and never silently instead of a still-editable start."""
        Phase = SelfAssessmentResponse.Phase
        if self.start is None:
            return Phase.START
        if self.end_open and self.end is None:
            return Phase.END
        if self.start_editable:
            return Phase.START
        if self.end_editable:
            return Phase.END
        return None


def path_complete(user, framework: CompetencyFramework) -> bool:
    """Whether ``user`` has completed a course that develops ``framework`` (a course
    holding a page aligned to one of its competencies); when no course is aligned to
    the framework, any completed course counts. Two queries."""
    completed = list(
        Enrollment.objects.filter(user=user, completed_at__isnull=False).values_list(
            "course__path", flat=True
        )
    )
    if not completed:
        return False
    aligned = set(
        CompetencyAlignment.objects.filter(
            competency__framework=framework, page__isnull=False
        ).values_list("page__path", flat=True)
    )
    if not aligned:
        return True
    return any(path.startswith(course) for path in aligned for course in completed)


def self_assessment_state(user, assessment: SelfAssessment) -> SelfAssessmentState:
    """``user``'s ``SelfAssessmentState`` for ``assessment``."""
    responses = {
        r.phase: r
        for r in SelfAssessmentResponse.objects.filter(user=user, assessment=assessment).order_by(
            "submitted_at", "pk"
        )
    }
    start = responses.get(SelfAssessmentResponse.Phase.START)
    end = responses.get(SelfAssessmentResponse.Phase.END)
    return SelfAssessmentState(
        start=start,
        end=end,
        path_complete=end is not None
        or (start is not None and path_complete(user, assessment.framework)),
        opened_by_coordinator=assessment.end_opened_at is not None,
        now=timezone.now(),
    )
