"""Rating rules: how a learner's evidence for one competency becomes a level.

Each rule is a pure function of the evidence (newest first) and, for the children
rule, the children's ratings. It returns an :class:`Outcome` whose ``reason`` and
``missing`` are plain data (a code and parameters); :func:`describe` words them in
the reader's language when a page is drawn. Self-assessment is never passed in:
it is shown beside the rating but never makes a competency achieved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import EvidenceKind, RuleType

TRAINER_KINDS = (EvidenceKind.OBSERVATION, EvidenceKind.PRIOR_LEARNING)
SCORED_KINDS = (EvidenceKind.QUIZ_ITEM, EvidenceKind.RUBRIC)


@dataclass(frozen=True)
class Scale:
    """What a rule needs to know about the framework's scale."""

    levels: int
    proficient_from: int


@dataclass(frozen=True)
class RuleConfig:
    rule_type: str
    count: int = 1
    min_percent: int = 70
    counts_peers: bool = True  # the observations rule: peer coaches' observations count


@dataclass
class Outcome:
    level: int | None
    reason: dict
    missing: dict | None = None
    evidence_ids: list[int] = field(default_factory=list)

    def detail(self) -> dict:
        return {"reason": self.reason, "missing": self.missing, "evidence": self.evidence_ids}


def _next_target(level: int | None, scale: Scale) -> int | None:
    """The level to aim for next: proficient first, then one level at a time."""
    if level is None or level < scale.proficient_from:
        return scale.proficient_from
    if level < scale.levels:
        return level + 1
    return None


def latest_trainer(evidence, scale: Scale, config: RuleConfig) -> Outcome:
    judged = [e for e in evidence if e.kind in TRAINER_KINDS]
    if not judged:
        return Outcome(
            None,
            {"code": "none"},
            {"code": "trainer_rating", "level": scale.proficient_from},
        )
    latest = judged[0]
    target = _next_target(latest.level, scale)
    missing = {"code": "trainer_rating", "level": target} if target else None
    return Outcome(
        latest.level,
        {"code": "latest_trainer", "level": latest.level, "date": latest.observed_on.isoformat()},
        missing,
        [latest.pk],
    )


def _one_per_rater(observed: list) -> list:
    """The highest observation of each rater (the newest among equals): the same
    rater counts once per rule. Observations whose rater was erased count once
    together."""
    best: dict = {}
    for item in observed:  # newest first
        current = best.get(item.recorded_by_id)
        if current is None or item.level > current.level:
            best[item.recorded_by_id] = item
    return sorted(best.values(), key=lambda e: (-e.level, -e.observed_on.toordinal(), -e.pk))


def observations(evidence, scale: Scale, config: RuleConfig) -> Outcome:
    """At least ``count`` observations at a level, each by a different rater; peer
    coaches' observations count too unless the rule leaves them out."""
    kinds = {EvidenceKind.OBSERVATION}
    if config.counts_peers:
        kinds.add(EvidenceKind.PEER_OBSERVATION)
    observed = _one_per_rater([e for e in evidence if e.kind in kinds])
    level = None
    for candidate in range(scale.levels, 0, -1):
        if sum(1 for e in observed if e.level >= candidate) >= config.count:
            level = candidate
            break
    target = _next_target(level, scale)
    missing = None
    if target:
        have = sum(1 for e in observed if e.level >= target)
        missing = {"code": "more_observations", "count": config.count - have, "level": target}
    if level is None:
        return Outcome(None, {"code": "none"}, missing)
    counted = [e for e in observed if e.level >= level][: config.count]
    used = [e.pk for e in counted]
    peers = sum(1 for e in counted if e.kind == EvidenceKind.PEER_OBSERVATION)
    reason = {"code": "observations", "count": len(used), "level": level}
    if peers:
        reason["peers"] = peers
    return Outcome(
        level,
        reason,
        missing,
        used,
    )


def standing_signoffs(evidence) -> list:
    """Sign-offs not withdrawn by a later revocation, newest first."""
    revoked = {e.corrects_id for e in evidence if e.kind == EvidenceKind.SIGNOFF_REVOKED}
    return [e for e in evidence if e.kind == EvidenceKind.SIGNOFF and e.pk not in revoked]


def signoff(evidence, scale: Scale, config: RuleConfig) -> Outcome:
    """The latest sign-off by a trainer that still stands gives the level."""
    standing = standing_signoffs(evidence)
    if not standing:
        revocations = [e for e in evidence if e.kind == EvidenceKind.SIGNOFF_REVOKED]
        reason = (
            {"code": "signoff_revoked", "date": revocations[0].observed_on.isoformat()}
            if revocations
            else {"code": "none"}
        )
        return Outcome(None, reason, {"code": "signoff", "level": scale.proficient_from})
    latest = standing[0]
    target = _next_target(latest.level, scale)
    return Outcome(
        latest.level,
        {"code": "signoff", "level": latest.level, "date": latest.observed_on.isoformat()},
        {"code": "signoff", "level": target} if target else None,
        [latest.pk],
    )


def quiz_average(evidence, scale: Scale, config: RuleConfig) -> Outcome:
    scored = [e for e in evidence if e.kind in SCORED_KINDS][: config.count]
    if not scored:
        return Outcome(
            None,
            {"code": "none"},
            {"code": "quiz_results", "count": config.count, "percent": config.min_percent},
        )
    average = sum((Decimal(e.score) for e in scored), Decimal(0)) / len(scored) * 100
    average_int = int(average.quantize(Decimal(1)))
    ids = [e.pk for e in scored]
    reason = {"code": "quiz_average", "count": len(scored), "average": average_int}
    if len(scored) < config.count:
        missing = {
            "code": "quiz_results",
            "count": config.count - len(scored),
            "percent": config.min_percent,
        }
        return Outcome(None, reason, missing, ids)
    if average >= config.min_percent:
        return Outcome(scale.proficient_from, reason, None, ids)
    missing = {
        "code": "raise_average",
        "count": config.count,
        "percent": config.min_percent,
        "average": average_int,
    }
    return Outcome(None, reason, missing, ids)


def all_children(children_ratings, scale: Scale, config: RuleConfig) -> Outcome:
    """``children_ratings``: list of (child name-giver, rating-or-None) pairs."""
    total = len(children_ratings)
    done = [child for child, rating in children_ratings if rating and rating.proficient]
    waiting = [child for child, rating in children_ratings if not (rating and rating.proficient)]
    reason = {"code": "children", "done": len(done), "total": total}
    if total and not waiting:
        return Outcome(scale.proficient_from, reason, None)
    missing = {
        "code": "children",
        "level": scale.proficient_from,
        "ids": [child.pk for child in waiting],
    }
    return Outcome(None, reason, missing)


EVIDENCE_RULES = {
    RuleType.LATEST_TRAINER: latest_trainer,
    RuleType.OBSERVATIONS: observations,
    RuleType.QUIZ_AVERAGE: quiz_average,
    RuleType.SIGNOFF: signoff,
}


def describe_rule(config: RuleConfig, level_names: dict[int, str], scale: Scale) -> str:
    """The rule in a sentence, for the learner's map."""
    proficient = level_names.get(scale.proficient_from, str(scale.proficient_from))
    if config.rule_type == RuleType.OBSERVATIONS:
        sentence = _(
            "At least %(count)s observations at the level, each by a different rater (a "
            "rater counts once). A lower rating does not cancel a higher one: it is shown "
            "here, and a gap of more than one level goes to the coordinator to moderate."
        ) % {"count": config.count}
        peers = (
            _("Observations by peer coaches count.")
            if config.counts_peers
            else _("Observations by peer coaches are shown but do not count.")
        )
        return f"{sentence} {peers}"
    if config.rule_type == RuleType.QUIZ_AVERAGE:
        return _(
            "%(level)s when the average of your latest %(count)s quiz results is at least "
            "%(percent)s%%."
        ) % {"level": proficient, "count": config.count, "percent": config.min_percent}
    if config.rule_type == RuleType.ALL_CHILDREN:
        return _("%(level)s when every sub-competency is %(level)s.") % {"level": proficient}
    if config.rule_type == RuleType.SIGNOFF:
        return _("A trainer signs you off at the level; a revoked sign-off no longer counts.")
    return _(
        "The latest rating by a trainer counts, even when it is lower than an earlier one; "
        "the earlier ratings stay in your evidence."
    )


def _date(value: str) -> str:
    parsed = parse_date(value) if value else None
    return formats.date_format(parsed, "SHORT_DATE_FORMAT") if parsed else ""


def describe(part: dict | None, level_names: dict[int, str], names: dict[int, str]) -> str:
    """Word a stored reason or missing-part in the active language."""
    if not part:
        return _("Highest level reached.")
    code = part.get("code")

    def level(key="level"):
        return level_names.get(part.get(key), str(part.get(key, "")))

    if code == "none":
        return _("No evidence yet.")
    if code == "latest_trainer":
        return _("Rated %(level)s by a trainer on %(date)s.") % {
            "level": level(),
            "date": _date(part.get("date", "")),
        }
    if code == "signoff" and "date" in part:
        return _("Signed off at %(level)s by a trainer on %(date)s.") % {
            "level": level(),
            "date": _date(part["date"]),
        }
    if code == "signoff":
        return _("A trainer's sign-off at %(level)s.") % {"level": level()}
    if code == "signoff_revoked":
        return _("The sign-off was revoked on %(date)s.") % {"date": _date(part["date"])}
    if code == "trainer_rating":
        return _("A trainer's rating at %(level)s.") % {"level": level()}
    if code == "observations":
        text = _("Observations at %(level)s or above by different raters: %(count)s.") % {
            "level": level(),
            "count": part["count"],
        }
        if part.get("peers"):
            text += " " + ngettext(
                "One of them is a peer observation.",
                "%(count)s of them are peer observations.",
                part["peers"],
            ) % {"count": part["peers"]}
        return text
    if code == "more_observations":
        return ngettext(
            "One more observation at %(level)s or above, by another rater.",
            "%(count)s more observations at %(level)s or above, by different raters.",
            part["count"],
        ) % {"level": level(), "count": part["count"]}
    if code == "quiz_average":
        return _("Average of your latest %(count)s quiz results: %(average)s%%.") % {
            "count": part["count"],
            "average": part["average"],
        }
    if code == "quiz_results":
        return ngettext(
            "One more quiz result, averaging at least %(percent)s%%.",
            "%(count)s more quiz results, averaging at least %(percent)s%%.",
            part["count"],
        ) % {"count": part["count"], "percent": part["percent"]}
    if code == "raise_average":
        return _(
            "A quiz average of at least %(percent)s%% over your latest %(count)s results "
            "(now %(average)s%%)."
        ) % {"percent": part["percent"], "count": part["count"], "average": part["average"]}
    if code == "children":
        if "ids" in part:
            waiting = ", ".join(names.get(pk, "?") for pk in part["ids"])
            return _("These sub-competencies at %(level)s: %(names)s.") % {
                "level": level(),
                "names": waiting,
            }
        return _("Sub-competencies proficient: %(done)s of %(total)s.") % {
            "done": part["done"],
            "total": part["total"],
        }
    return ""
