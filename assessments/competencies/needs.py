"""Reads for the territory needs analysis: the capabilities, what the focus groups
said about each, what the self-assessments say, and the training plan.

Each source is kept apart and counted: a figure always comes with the number of
people (and of focus groups) behind it. A fixed number of queries whatever the number
of focus groups, learners or answers (tests hold them to it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from assessments.models import (
    Competency,
    CompetencyFramework,
    FocusGroupQuote,
    FocusGroupRating,
    Priority,
    SelfAssessment,
    SelfAssessmentItem,
    TrainingPlanLink,
)

from . import selectors


def _tree(framework: CompetencyFramework) -> tuple[list[Competency], dict[int, int]]:
    """The framework's top areas in order, and competency id → its top area's id.
    One query."""
    competencies = list(framework.competencies.order_by("sort_order", "idnumber"))
    parent = {c.pk: c.parent_id for c in competencies}

    def top(pk):
        while parent.get(pk):
            pk = parent[pk]
        return pk

    return [c for c in competencies if c.parent_id is None], {pk: top(pk) for pk in parent}


def capabilities(framework: CompetencyFramework) -> list[Competency]:
    """The capabilities of the needs analysis: the framework's top areas that its
    self-assessments ask about (every top area when there is no self-assessment).
    Two queries."""
    areas, top_of = _tree(framework)
    asked = {
        top_of.get(pk)
        for pk in SelfAssessmentItem.objects.filter(assessment__framework=framework).values_list(
            "competency_id", flat=True
        )
    }
    return [area for area in areas if area.pk in asked] or areas


@dataclass
class FocusNeed:
    """What the focus groups said about one capability."""

    capability: Competency
    needs: list[int] = field(default_factory=list)  # one rated need (1–5) per group
    people: int = 0  # participants of those groups, added up
    priorities: dict[int, int] = field(default_factory=lambda: dict.fromkeys(Priority.values, 0))
    quotes: list[FocusGroupQuote] = field(default_factory=list)

    @property
    def groups(self) -> int:
        return len(self.needs)

    @property
    def average(self) -> Decimal | None:
        return selectors._average(Decimal(n) for n in self.needs)

    @property
    def priority_counts(self) -> list[tuple[str, int]]:
        return [(label, self.priorities[value]) for value, label in Priority.choices]


def focus_group_needs(
    framework: CompetencyFramework, *, territory: str | None = None
) -> list[FocusNeed]:
    """Per capability: the focus groups' rated needs (1–5, one per group), how many
    groups and participants stand behind them, how the groups prioritised it, and
    the quotes (all given with consent). Optionally one territory. Four queries.

    Also the focus-group part of the funder report.
    """
    rows = {c.pk: FocusNeed(c) for c in capabilities(framework)}
    ratings = FocusGroupRating.objects.filter(focus_group__framework=framework)
    quotes = FocusGroupQuote.objects.filter(focus_group__framework=framework)
    if territory:
        ratings = ratings.filter(focus_group__territory=territory)
        quotes = quotes.filter(focus_group__territory=territory)
    for capability_id, priority, need, people in ratings.values_list(
        "capability_id", "priority", "need", "focus_group__participant_count"
    ):
        row = rows.get(capability_id)
        if row is None:
            continue
        row.needs.append(need)
        row.people += people
        row.priorities[priority] += 1
    for quote in quotes.select_related("focus_group").order_by("focus_group__held_on", "pk"):
        if quote.capability_id in rows:
            rows[quote.capability_id].quotes.append(quote)
    return list(rows.values())


@dataclass
class CapabilityNeed:
    """Both sources for one capability, kept apart, and the modules of the plan."""

    focus: FocusNeed
    self_average: Decimal | None
    self_people: int
    plan: list[TrainingPlanLink] = field(default_factory=list)

    @property
    def capability(self) -> Competency:
        return self.focus.capability


def self_assessment_by_capability(
    assessment: SelfAssessment, learners: QuerySet, top_of: dict[int, int]
) -> dict[int, tuple[Decimal | None, int]]:
    """Capability id → (the mean first self-assessment of the learners, 1–5, each
    learner's answers under the capability averaged first; how many learners).
    Three queries (``selectors.self_assessment_answers``)."""
    answers = selectors.self_assessment_answers(assessment, learners)
    per_learner: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    by_response = {response_id: user_id for user_id, response_id in answers.first.items()}
    for (response_id, competency_id), values in answers.values.items():
        user_id = by_response.get(response_id)
        if user_id is not None:
            per_learner[top_of.get(competency_id)][user_id].extend(values)
    result = {}
    for capability_id, learners_values in per_learner.items():
        means = [sum(v) / len(v) for v in learners_values.values()]
        result[capability_id] = (selectors._average(means), len(means))
    return result


def territory_needs(
    framework: CompetencyFramework,
    *,
    learners: QuerySet,
    territory: str | None = None,
    assessment: SelfAssessment | None = None,
) -> list[CapabilityNeed]:
    """The territory needs view: per capability, the focus groups' figures and the
    self-assessments' (of ``learners``, at the start of their path), each with the
    people behind it, and the modules the training plan links to the need (the
    territory's own links and the programme-wide ones). Eleven queries at most."""
    focus = focus_group_needs(framework, territory=territory)
    _areas, top_of = _tree(framework)
    if assessment is None:
        assessment = SelfAssessment.objects.filter(framework=framework).order_by("pk").first()
    own = (
        self_assessment_by_capability(assessment, learners, top_of)
        if assessment is not None
        else {}
    )
    links = defaultdict(list)
    plan = TrainingPlanLink.objects.filter(capability__framework=framework)
    plan = plan.filter(territory__in=[territory, ""]) if territory else plan
    for link in plan.select_related("module").order_by("module__path", "pk"):
        links[link.capability_id].append(link)
    return [
        CapabilityNeed(
            focus=row,
            self_average=own.get(row.capability.pk, (None, 0))[0],
            self_people=own.get(row.capability.pk, (None, 0))[1],
            plan=links.get(row.capability.pk, []),
        )
        for row in focus
    ]
