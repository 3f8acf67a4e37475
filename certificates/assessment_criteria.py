"""Evaluators for the criteria the assessments app answers: the final-quiz grade and
competencies at least proficient. Each runs a fixed number of queries for a whole cohort.

- **Final quiz** of a course: the last published quiz in the course's page tree (the
  outline's order), in the rule's course or any translation of it; a learner's grade is the
  quiz's own grading method (highest, last, average or first) over their submitted
  attempts, in any language version of that quiz.
- **Competencies**: each line of the rule (an ID number, or a name in Italian or
  English) must match a competency in which the learner's current rating is
  *proficient* (the rating's level is at or above its scale's "proficient from"
  level; ``ratings_recompute`` stores that as ``CompetencyRating.proficient``).
"""

from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext

from .criteria import Outcome, register_evaluator


def register() -> bool:
    """Register 'quiz_grade' and 'competencies' if ``assessments`` provides what they need."""
    try:
        from assessments.models import Attempt, CompetencyRating, QuizPage  # noqa: F401
        from assessments.selectors import quiz_result_for  # noqa: F401
    except ImportError:
        return False
    register_evaluator("quiz_grade")(_quiz_grade)
    register_evaluator("competencies")(_competencies)
    return True


def final_quiz(course):
    """The course's final quiz: its last published quiz in tree order (None if none)."""
    from assessments.models import QuizPage

    return QuizPage.objects.descendant_of(course).live().order_by("-path").first()


def _percent(value: Decimal) -> str:
    """55 or 69.5 (never rounded up: 69.96 must not read as the 70 that was needed)."""
    if value == value.to_integral_value():
        return formats.number_format(int(value))
    return formats.number_format(value.quantize(Decimal("0.1"), rounding=ROUND_DOWN))


def _quiz_grade(rule, users) -> dict[int, Outcome]:
    from assessments.models import Attempt
    from assessments.selectors import quiz_result_for

    quiz = final_quiz(rule.course)
    if quiz is None:
        missing = gettext("This course has no quiz")
        return {u.pk: Outcome(False, missing) for u in users}
    attempts = defaultdict(list)
    for attempt in (
        Attempt.objects.filter(quiz__translation_key=quiz.translation_key, user__in=users)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .order_by("user_id", "started_at", "pk")
    ):
        attempts[attempt.user_id].append(attempt)
    needed = Decimal(rule.min_quiz_grade)
    result = {}
    for user in users:
        outcome = quiz_result_for(quiz=quiz, user=user, attempts=attempts[user.pk])
        if outcome.percent is not None and outcome.percent >= needed:
            result[user.pk] = Outcome(True)
        elif outcome.percent is not None:
            result[user.pk] = Outcome(
                False,
                gettext("Final quiz: %(grade)s%% (needs %(needed)s%%)")
                % {"grade": _percent(outcome.percent), "needed": rule.min_quiz_grade},
            )
        elif outcome.pending:
            result[user.pk] = Outcome(False, gettext("Final quiz waiting to be graded"))
        else:
            result[user.pk] = Outcome(False, gettext("Final quiz not taken yet"))
    return result


def _matching(lines: list[str]) -> dict[str, set[int]]:
    """{line: ids of the competencies it names} by ID number or Italian/English name,
    ignoring case (one query)."""
    from assessments.models import Competency

    query = Q()
    for line in lines:
        query |= Q(idnumber__iexact=line) | Q(name__iexact=line) | Q(name_en__iexact=line)
    found = list(Competency.objects.filter(query).values_list("pk", "idnumber", "name", "name_en"))
    matches: dict[str, set[int]] = {}
    for line in lines:
        key = line.casefold()
        matches[line] = {
            pk
            for pk, *labels in found
            if any(label and label.casefold() == key for label in labels)
        }
    return matches


def _competencies(rule, users) -> dict[int, Outcome]:
    from assessments.models import CompetencyRating

    lines = rule.competency_list()
    matches = _matching(lines)
    proficient: dict[int, set[int]] = defaultdict(set)
    for user_id, competency_id in CompetencyRating.objects.filter(
        user__in=users,
        competency__in={pk for ids in matches.values() for pk in ids},
        proficient=True,
    ).values_list("user_id", "competency_id"):
        proficient[user_id].add(competency_id)
    unknown = [line for line in lines if not matches[line]]
    result = {}
    for user in users:
        have = proficient[user.pk]
        short = [line for line in lines if matches[line] and not matches[line] & have]
        parts = []
        if short:
            parts.append(
                gettext("Not yet proficient in: %(competencies)s")
                % {"competencies": ", ".join(short)}
            )
        if unknown:
            # A typo in the rule: say so rather than let it block everyone silently.
            parts.append(
                gettext("No competency is called: %(competencies)s")
                % {"competencies": ", ".join(unknown)}
            )
        result[user.pk] = Outcome(not parts, "; ".join(parts))
    return result
