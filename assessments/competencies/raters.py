"""Several raters: agreement between pairs of raters, disagreements to moderate, and
moderation notes.

A *rater* is whoever recorded an observation (``Evidence.recorded_by``): a trainer, or a
peer coach a coordinator authorised (a peer observation). For each
learner and competency, a rater's rating is their latest observation. Two raters are
*paired* on every learner and competency both rated. Two ratings of one learner that
differ by more than one level are a *disagreement*: the coordinator sees it until a
moderation note (an added record naming the lower rating; nothing is edited) or a
third rater's observation settles it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import Evidence, EvidenceKind
from lms.roles import is_coordinator, territories_for

from . import selectors, services
from .exceptions import CompetencyError

KAPPA_MIN_PAIRS = 10
# A rater's judgements a coordinator can moderate: observations, and the decision on a
# prior-learning claim (the approval is a rater's evidence record like an observation).
OBSERVED_KINDS = (EvidenceKind.OBSERVATION, EvidenceKind.PEER_OBSERVATION)
DECIDED_KINDS = (EvidenceKind.PRIOR_LEARNING, EvidenceKind.CLAIM_REJECTED)
MODERATED_KINDS = (*OBSERVED_KINDS, *DECIDED_KINDS)


@dataclass
class PairAgreement:
    rater_a: object
    rater_b: object
    pairs: list[tuple[int, int]] = field(default_factory=list)
    # Whether each rater rated as a peer coach (peer observations) in this pair.
    peer_a: bool = False
    peer_b: bool = False

    @property
    def count(self) -> int:
        return len(self.pairs)

    @property
    def exact_percent(self) -> int:
        return round(100 * sum(1 for a, b in self.pairs if a == b) / self.count)

    @property
    def adjacent_percent(self) -> int:
        return round(100 * sum(1 for a, b in self.pairs if abs(a - b) <= 1) / self.count)

    @property
    def kappa(self) -> Decimal | None:
        """Cohen's κ, from ``KAPPA_MIN_PAIRS`` paired ratings on (None below)."""
        if self.count < KAPPA_MIN_PAIRS:
            return None
        return cohen_kappa(self.pairs)


def cohen_kappa(pairs: list[tuple[int, int]]) -> Decimal | None:
    """Unweighted Cohen's κ of paired ratings, to two decimals (None when chance
    agreement is total, e.g. both raters always gave the same single level)."""
    n = len(pairs)
    observed = Decimal(sum(1 for a, b in pairs if a == b)) / n
    first, second = Counter(a for a, _b in pairs), Counter(b for _a, b in pairs)
    expected = sum(Decimal(first[k] * second[k]) for k in first) / (n * n)
    if expected == 1:
        return None
    return ((observed - expected) / (1 - expected)).quantize(Decimal("0.01"))


@dataclass
class Disagreement:
    learner: object
    competency: object
    high: Evidence
    low: Evidence


def _latest_by_rater(observations) -> dict[tuple[int, int], dict[int, Evidence]]:
    """(learner id, competency id) → {rater id: their latest observation}."""
    result: dict = defaultdict(dict)
    for item in observations:  # newest first
        if item.recorded_by_id is None:
            continue
        result[(item.user_id, item.competency_id)].setdefault(item.recorded_by_id, item)
    return result


def _observations(framework, learners=None):
    records = (
        Evidence.objects.all() if learners is None else Evidence.objects.filter(user__in=learners)
    )
    return (
        records.filter(
            competency__framework=framework,
            kind__in=[*OBSERVED_KINDS, EvidenceKind.MODERATION],
        )
        .select_related("user__profile", "recorded_by__profile", "competency")
        .order_by("-observed_on", "-created_at", "-pk")
    )


def rater_report(framework, learners=None) -> tuple[list[PairAgreement], list[Disagreement]]:
    """Agreement per rater pair and the open disagreements, for one framework (about
    ``learners`` only, a queryset, if given: a coordinator's territories). One query,
    whatever the number of raters, learners and observations."""
    records = list(_observations(framework, learners))
    moderated = {e.corrects_id for e in records if e.kind == EvidenceKind.MODERATION}
    latest = _latest_by_rater(e for e in records if e.kind in OBSERVED_KINDS)
    pairs: dict[tuple[int, int], PairAgreement] = {}
    open_disagreements = []
    for by_rater in latest.values():
        raters = sorted(by_rater)
        for i, a in enumerate(raters):
            for b in raters[i + 1 :]:
                pair = pairs.get((a, b))
                if pair is None:
                    pair = pairs[(a, b)] = PairAgreement(
                        by_rater[a].recorded_by, by_rater[b].recorded_by
                    )
                pair.pairs.append((by_rater[a].level, by_rater[b].level))
                pair.peer_a |= by_rater[a].kind == EvidenceKind.PEER_OBSERVATION
                pair.peer_b |= by_rater[b].kind == EvidenceKind.PEER_OBSERVATION
        found = open_disagreement(by_rater, moderated)
        if found:
            low, high = found
            open_disagreements.append(Disagreement(low.user, low.competency, high, low))
    return list(pairs.values()), open_disagreements


def open_disagreement(by_rater: dict[int, Evidence], moderated: set) -> tuple | None:
    """(lower, higher) latest ratings of one learner and competency when exactly two
    raters differ by more than one level and no moderation note names either; else
    None. (One rater: nothing to compare; three or more: a third settled it.)"""
    if len(by_rater) != 2:
        return None
    low, high = sorted(by_rater.values(), key=lambda e: e.level)
    if high.level - low.level > 1 and low.pk not in moderated and high.pk not in moderated:
        return low, high
    return None


def disagreement_pending(evidence) -> bool:
    """Whether one learner's evidence for one competency (newest first) holds an open
    disagreement the coordinator has still to moderate. No query."""
    moderated = {e.corrects_id for e in evidence if e.kind == EvidenceKind.MODERATION}
    latest: dict[int, Evidence] = {}
    for item in evidence:
        if item.kind in OBSERVED_KINDS and item.recorded_by_id is not None:
            latest.setdefault(item.recorded_by_id, item)
    return open_disagreement(latest, moderated) is not None


def prior_learning_decisions(framework, learners=None, *, limit: int = 20) -> list[Evidence]:
    """The latest prior-learning decisions of ``framework`` (approvals and rejections,
    evidence records by a rater; about ``learners`` only, if given), each with
    ``moderation`` (the note that settled a contest, or None), for the coordinator to
    moderate a contested one. One query."""
    records = (
        Evidence.objects.all() if learners is None else Evidence.objects.filter(user__in=learners)
    )
    records = list(
        records.filter(
            competency__framework=framework,
            kind__in=[*DECIDED_KINDS, EvidenceKind.MODERATION],
        )
        .select_related("user__profile", "recorded_by__profile", "competency")
        .order_by("-created_at", "-pk")[: limit * 4]
    )
    notes = {e.corrects_id: e for e in records if e.kind == EvidenceKind.MODERATION}
    decisions = [e for e in records if e.kind in DECIDED_KINDS][:limit]
    for item in decisions:
        item.moderation = notes.get(item.pk)
    return decisions


@transaction.atomic
def moderation_record(*, coordinator, observation: Evidence, note: str) -> Evidence:
    """Settle a disagreement (or a contested prior-learning decision) with a note
    naming the record it is about (an added record: the observations and decisions
    stay as they were). Coordinators only; a note is needed."""
    if not is_coordinator(coordinator):
        raise CompetencyError(_("Only coordinators moderate ratings."))
    if territories_for(coordinator) is not None and not (
        selectors.learners_visible_to(coordinator).filter(pk=observation.user_id).exists()
    ):
        raise CompetencyError(_("This learner is not in your territories."))
    if observation.kind not in MODERATED_KINDS:
        raise CompetencyError(
            _("Only an observation or a prior-learning decision can be moderated.")
        )
    if not note.strip():
        raise CompetencyError(_("Write the moderation note: what was decided and why."))
    return services.evidence_record(
        user=observation.user,
        competency=observation.competency,
        kind=EvidenceKind.MODERATION,
        note=note.strip(),
        recorded_by=coordinator,
        corrects=observation,
    )
