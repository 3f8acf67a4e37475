"""Certificate rule criteria: what each one asks, and the function that checks it.

A rule lists requirements; each requirement is a *criterion* with a key. The criterion's
*evaluator* answers, for many learners at once, whether each one meets it and, if not,
what is missing — in a fixed number of queries for a whole cohort. This app owns every
criterion and every evaluator, so they are one table here (``EVALUATORS``); a criterion
without an evaluator would be reported as "not available yet" and never count as met.

- **Modules** and **attendance**: the learner's progress and the workshop registers
  (the courses app).
- **Final quiz** of a course: the last published quiz in the course's page tree (the
  outline's order), in the rule's course or any translation of it; a learner's grade is
  the quiz's own grading method (highest, last, average or first) over their submitted
  attempts, in any language version of that quiz.
- **Competencies**: each line of the rule (an ID number, or a name in Italian or
  English) must match a competency in which the learner's current rating is
  *proficient* (the rating's level is at or above its scale's "proficient from" level;
  ``ratings_recompute`` stores that as ``CompetencyRating.proficient``).
- **Sign-off**: a trainer's sign-off for the rule (this app).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt, Competency, CompetencyRating, QuizPage
from assessments.selectors import quiz_result_for
from courses.models import AttendanceEntry, Enrollment, LessonProgress, WorkshopSession
from courses.selectors import course_outlines

from .models import TrainerSignoff

# An evaluator receives the rule and the learners, and returns {user_id: Outcome}.
Evaluator = Callable[["object", list], dict[int, "Outcome"]]


@dataclass(frozen=True)
class Outcome:
    met: bool | None  # None: nothing to judge (e.g. no workshop hours due)
    missing: str = ""
    details: tuple[str, ...] = ()  # a long list behind "missing", shown on demand


@dataclass(frozen=True)
class Check:
    """One criterion for one learner, as shown in the eligibility table."""

    key: str
    label: str
    met: bool | None  # None: no evaluator is available yet
    missing: str
    details: tuple[str, ...] = ()


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


def evaluator_for(key: str) -> Evaluator | None:
    return EVALUATORS.get(key)


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
                check = Check(criterion.key, label, outcome.met, outcome.missing, outcome.details)
            result[user.pk].append(check)
    return result


def is_eligible(checks: list[Check]) -> bool:
    """Eligible only when every check is met (an unavailable check is not met)."""
    return all(check.met is True for check in checks)


# --- Modules and attendance (the courses app's progress and registers) ------------


def _modules(rule, users) -> dict[int, Outcome]:
    course = rule.course.specific
    outline = course_outlines([course])[course.pk]
    done: dict[int, set] = {}
    for user_id, key in LessonProgress.objects.filter(
        course__translation_key=course.translation_key, user__in=users
    ).values_list("user_id", "lesson__translation_key"):
        done.setdefault(user_id, set()).add(key)
    result = {}
    for user in users:
        keys = done.get(user.pk, set())
        left = [
            m.module.title
            for m in outline.modules
            if any(item.lesson.translation_key not in keys for item in m.lessons)
        ]
        result[user.pk] = (
            Outcome(True)
            if not left
            else Outcome(
                False,
                ngettext(
                    "%(left)s of %(total)s module to finish",
                    "%(left)s of %(total)s modules to finish",
                    len(outline.modules),
                )
                % {"left": len(left), "total": len(outline.modules)},
                tuple(left),
            )
        )
    return result


def _attendance(rule, users) -> dict[int, Outcome]:
    """Share of held workshop hours attended, as ``courses.selectors.attendance_share``
    computes it, for many learners in a fixed number of queries."""
    course = rule.course
    pairs = set(
        Enrollment.objects.filter(
            user__in=users, course__translation_key=course.translation_key, cohort__isnull=False
        ).values_list("user_id", "cohort_id", "course_id")
    )
    sessions = list(
        WorkshopSession.objects.filter(
            course__translation_key=course.translation_key,
            starts_at__lte=timezone.now(),
            cohort__in={cohort for _u, cohort, _c in pairs},
        ).values_list("pk", "cohort_id", "course_id", "hours")
    )
    entries = {
        (user_id, session_id): (status, partial)
        for user_id, session_id, status, partial in AttendanceEntry.objects.current()
        .filter(user__in=users, session__course__translation_key=course.translation_key)
        .values_list("user_id", "session_id", "status", "hours")
    }
    result = {}
    for user in users:
        due = attended = Decimal(0)
        for pk, cohort_id, course_id, hours in sessions:
            status, partial = entries.get((user.pk, pk), ("", None))
            if status == AttendanceEntry.Status.PRESENT:
                attended += partial if partial is not None else hours
            if (user.pk, cohort_id, course_id) in pairs and status != (
                AttendanceEntry.Status.EXCUSED
            ):
                due += hours
        share = round(100 * min(attended / due, Decimal(1))) if due else 0
        if not due:
            # Nothing was due (no session held yet, or every one excused): not a failure
            # to attend, but nothing proves attendance either.
            result[user.pk] = Outcome(
                None, gettext("No workshop hours due yet (none held, or all excused)")
            )
        elif share >= rule.min_attendance:
            result[user.pk] = Outcome(True)
        else:
            result[user.pk] = Outcome(
                False,
                gettext("Attended %(share)s%% of workshop hours, %(needed)s%% needed")
                % {"share": share, "needed": rule.min_attendance},
            )
    return result


# --- Final quiz and competencies (the assessments app's attempts and ratings) -----


def final_quiz(course):
    """The course's final quiz: its last published quiz in tree order (None if none)."""
    return QuizPage.objects.descendant_of(course).live().order_by("-path").first()


def _percent(value: Decimal) -> str:
    """55 or 69.5 (never rounded up: 69.96 must not read as the 70 that was needed)."""
    if value == value.to_integral_value():
        return formats.number_format(int(value))
    return formats.number_format(value.quantize(Decimal("0.1"), rounding=ROUND_DOWN))


def _quiz_grade(rule, users) -> dict[int, Outcome]:
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


# --- Sign-off ------------------------------------------------------------------------


def _signoff(rule, users) -> dict[int, Outcome]:
    signed = set(
        # Standing sign-offs: not a revocation, and not withdrawn by one.
        TrainerSignoff.objects.filter(
            rule=rule, user__in=users, revokes__isnull=True, revocation__isnull=True
        ).values_list("user_id", flat=True)
    )
    return {
        u.pk: Outcome(True) if u.pk in signed else Outcome(False, str(_("Waiting for a trainer")))
        for u in users
    }


# --- The evaluator of each criterion ---------------------------------------------------

EVALUATORS: dict[str, Evaluator] = {
    "modules": _modules,
    "quiz_grade": _quiz_grade,
    "attendance": _attendance,
    "competencies": _competencies,
    "signoff": _signoff,
}
