"""Rule criteria as small pluggable checks.

A rule lists requirements; each requirement is a *criterion* with a key. An
*evaluator* registered for that key answers, for many learners at once, whether
each one meets it and, if not, what is missing. Other apps register evaluators
(``assessments`` for quiz grades and competencies); a criterion without an
evaluator is reported as "not available yet" and never counts as met.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# An evaluator receives the rule and the learners, and returns {user_id: Outcome}.
Evaluator = Callable[["object", list], dict[int, "Outcome"]]


@dataclass(frozen=True)
class Outcome:
    met: bool
    missing: str = ""


@dataclass(frozen=True)
class Check:
    """One criterion for one learner, as shown in the eligibility table."""

    key: str
    label: str
    met: bool | None  # None: no evaluator is available yet
    missing: str


@dataclass(frozen=True)
class Criterion:
    key: str
    label: Callable  # rule -> str
    applies: Callable  # rule -> bool


CRITERIA = (
    Criterion("modules", lambda r: _("Every module complete"), lambda r: r.require_all_modules),
    Criterion(
        "quiz_grade",
        lambda r: _("Final quiz at least %(grade)s%%") % {"grade": r.min_quiz_grade},
        lambda r: r.min_quiz_grade is not None,
    ),
    Criterion(
        "attendance",
        lambda r: _("Workshop hours attended at least %(share)s%%") % {"share": r.min_attendance},
        lambda r: r.min_attendance is not None,
    ),
    Criterion(
        "competencies",
        lambda r: _("Competencies at least proficient"),
        lambda r: bool(r.competency_list()),
    ),
    Criterion("signoff", lambda r: _("Trainer sign-off"), lambda r: r.require_signoff),
)

_evaluators: dict[str, Evaluator] = {}


def register_evaluator(key: str) -> Callable[[Evaluator], Evaluator]:
    """Decorator: ``@register_evaluator("quiz_grade")`` makes a criterion checkable."""
    if key not in {c.key for c in CRITERIA}:
        raise ValueError(f"unknown certificate criterion {key!r}")

    def decorate(function: Evaluator) -> Evaluator:
        _evaluators[key] = function
        return function

    return decorate


def unregister_evaluator(key: str) -> None:
    _evaluators.pop(key, None)


def evaluator_for(key: str) -> Evaluator | None:
    return _evaluators.get(key)


def criteria_of(rule) -> list[Criterion]:
    return [c for c in CRITERIA if c.applies(rule)]


def evaluate(rule, users: Iterable) -> dict[int, list[Check]]:
    """Every applicable criterion of ``rule`` for each of ``users``: {user_id: [Check]}."""
    users = list(users)
    result: dict[int, list[Check]] = {u.pk: [] for u in users}
    for criterion in criteria_of(rule):
        label = str(criterion.label(rule))
        evaluator = evaluator_for(criterion.key)
        outcomes = evaluator(rule, users) if evaluator and users else {}
        for user in users:
            if evaluator is None:
                check = Check(criterion.key, label, None, str(_("Not available yet")))
            else:
                outcome = outcomes.get(user.pk, Outcome(False, str(_("No data"))))
                check = Check(criterion.key, label, outcome.met, outcome.missing)
            result[user.pk].append(check)
    return result


def is_eligible(checks: list[Check]) -> bool:
    """Eligible only when every check is met (an unavailable check is not met)."""
    return all(check.met is True for check in checks)


# --- Evaluators this app owns ----------------------------------------------------


@register_evaluator("signoff")
def _signoff(rule, users) -> dict[int, Outcome]:
    from .models import TrainerSignoff

    signed = set(
        TrainerSignoff.objects.filter(rule=rule, user__in=users).values_list("user_id", flat=True)
    )
    return {
        u.pk: Outcome(True) if u.pk in signed else Outcome(False, str(_("Waiting for a trainer")))
        for u in users
    }
