"""Reads of the assessments app: attempts, results, grading queue and item statistics."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from courses.selectors import enrollment_for_lesson, people_visible_to
from lms.roles import is_coordinator, is_staff_role, is_trainer, territories_for

from . import grading
from .models import Attempt, GradingMethod, QuizPage, Response


def attempt_for(*, user, pk: int) -> Attempt | None:
    """``user``'s own attempt ``pk`` (None for anyone else's: views answer 404)."""
    return Attempt.objects.select_related("quiz").filter(pk=pk, user=user).first()


def attempt_responses(*, attempt: Attempt, page: int | None = None) -> list[Response]:
    """The responses of an attempt (of one page), with their frozen question versions."""
    responses = attempt.responses.select_related("version").order_by("position")
    if page is not None:
        responses = responses.filter(page=page)
    return list(responses)


@dataclass
class QuestionState:
    """One question of an attempt as the navigation strip and the summary show it."""

    position: int
    page: int
    answered: bool
    flagged: bool
    #: A description carries no answer: it is neither answered nor unanswered.
    informational: bool


def _is_answered(answer) -> bool:
    if isinstance(answer, dict):
        return any(value not in (None, "") for value in answer.values())
    return answer not in (None, "", [])


def attempt_question_states(*, attempt: Attempt) -> list[QuestionState]:
    """Every question of the attempt: page, answered, flagged (one query)."""
    rows = attempt.responses.order_by("position").values_list(
        "position", "page", "answer", "flagged", "version__data__qtype"
    )
    return [
        QuestionState(
            position=position,
            page=page,
            answered=qtype != "description" and _is_answered(answer),
            flagged=flagged,
            informational=qtype == "description",
        )
        for position, page, answer, flagged, qtype in rows
    ]


def attempt_page_count(*, attempt: Attempt) -> int:
    last = attempt.responses.order_by("-page").values_list("page", flat=True).first()
    return last or 1


def attempts_of(*, quiz: QuizPage, user) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz=quiz, user=user).order_by("number"))


def open_attempt_for(*, quiz: QuizPage, user) -> Attempt | None:
    """``user``'s attempt at ``quiz`` still in progress (at most one), if any."""
    return Attempt.objects.filter(quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS).first()


@dataclass
class QuizResult:
    """A person's standing in a quiz, by the quiz's grading method."""

    quiz: QuizPage
    attempts: list[Attempt]
    percent: Decimal | None
    passed: bool | None
    pending: bool
    #: The attempt still open (in progress), if any.
    open_attempt: Attempt | None = None
    #: Whether the quiz's review options let the trainee see their score now.
    score_visible: bool = True

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)


def _grade(method: str, attempts: list[Attempt]) -> Decimal | None:
    graded = [attempt.percent for attempt in attempts if attempt.state == Attempt.State.GRADED]
    if not graded:
        return None
    if method == GradingMethod.HIGHEST:
        return max(graded)
    if method == GradingMethod.FIRST:
        return graded[0]
    if method == GradingMethod.LAST:
        return graded[-1]
    return (sum(graded) / len(graded)).quantize(Decimal("0.01"))


def quiz_result_for(*, quiz: QuizPage, user, attempts: list[Attempt] | None = None) -> QuizResult:
    """The grade of ``user`` in ``quiz`` (highest, last, average or first graded attempt)."""
    attempts = attempts_of(quiz=quiz, user=user) if attempts is None else attempts
    percent = _grade(quiz.grading_method, attempts)
    return QuizResult(
        quiz=quiz,
        attempts=attempts,
        percent=percent,
        passed=None if percent is None else percent >= quiz.pass_mark,
        pending=any(attempt.state == Attempt.State.NEEDS_GRADING for attempt in attempts),
        open_attempt=next((attempt for attempt in attempts if attempt.is_open), None),
        score_visible=quiz.review_allows("review_score"),
    )


def quiz_results_for(*, user, quizzes: list[QuizPage] | None = None) -> list[QuizResult]:
    """``user``'s standing in many quizzes at once, in one query.

    Without ``quizzes``: every quiz ``user`` attempted. With ``quizzes``: one result
    per quiz given, in that order, attempted or not; a quiz's attempts in any of its
    translations count (the outline shows a course in the reader's language).
    """
    attempts = Attempt.objects.filter(user=user).order_by("quiz_id", "number")
    if quizzes is None:
        attempts = attempts.select_related("quiz")
    else:
        keys = {quiz.translation_key for quiz in quizzes}
        if not keys:
            return []
        attempts = attempts.filter(quiz__translation_key__in=keys).annotate(
            quiz_key=F("quiz__translation_key")
        )
    by_quiz: dict = defaultdict(list)
    attempted = {}
    for attempt in attempts:
        if quizzes is None:
            by_quiz[attempt.quiz_id].append(attempt)
            attempted[attempt.quiz_id] = attempt.quiz
        else:
            by_quiz[attempt.quiz_key].append(attempt)
    if quizzes is None:
        return [
            quiz_result_for(quiz=attempted[pk], user=user, attempts=by_quiz[pk]) for pk in by_quiz
        ]
    results = []
    for quiz in quizzes:
        found = sorted(by_quiz.get(quiz.translation_key, []), key=lambda a: a.started_at)
        results.append(quiz_result_for(quiz=quiz, user=user, attempts=found))
    return results


@dataclass
class QuizStatus:
    """What a course outline or the dashboard says about a quiz, for one trainee.

    Only the standing: never a question, an answer or feedback.
    """

    class State:
        NOT_OPEN = "not_open"  # opens later
        NOT_STARTED = "not_started"
        IN_PROGRESS = "in_progress"
        TIME_UP = "time_up"  # the open attempt's time ran out; the quiz page closes it
        AWAITING_GRADING = "awaiting_grading"
        GRADED = "graded"
        SUBMITTED = "submitted"  # graded, but the score is not shown yet
        CLOSED = "closed"  # closed before the trainee took it

    state: str
    result: QuizResult
    #: When the open attempt must be handed in (its time limit, or the quiz's closing).
    deadline: object = None

    @property
    def waiting(self) -> bool:
        """The quiz waits for the trainee: not started yet, or started and unfinished."""
        return self.state in {self.State.NOT_STARTED, self.State.IN_PROGRESS, self.State.TIME_UP}

    @property
    def percent(self) -> Decimal | None:
        return self.result.percent if self.result.score_visible else None

    @property
    def fragment_key(self) -> str:
        """Everything the outline's row shows of this standing (a kept fragment's key,
        ``{% keep %}``)."""
        passed = self.result.passed if self.state == self.State.GRADED else None
        deadline = self.deadline.isoformat() if self.deadline else ""
        return f"{self.state}:{deadline}:{self.percent}:{passed}"


def quiz_status(result: QuizResult, now=None) -> QuizStatus:
    """The outline's word for ``result`` at ``now``: in progress, graded, awaiting…"""
    now = now or timezone.now()
    quiz, State = result.quiz, QuizStatus.State
    attempt = result.open_attempt
    if attempt is not None:
        if not attempt.accepts_answers_at(now):
            return QuizStatus(State.TIME_UP, result)
        ends = [when for when in (attempt.deadline, quiz.closes_at) if when is not None]
        return QuizStatus(State.IN_PROGRESS, result, deadline=min(ends) if ends else None)
    if result.pending:
        return QuizStatus(State.AWAITING_GRADING, result)
    if result.percent is not None:
        return QuizStatus(State.GRADED if result.score_visible else State.SUBMITTED, result)
    if result.attempts:  # submitted, nothing graded and nothing pending: unusual
        return QuizStatus(State.SUBMITTED, result)
    if quiz.opens_at is not None and now < quiz.opens_at:
        return QuizStatus(State.NOT_OPEN, result)
    if quiz.is_closed(now):
        return QuizStatus(State.CLOSED, result)
    return QuizStatus(State.NOT_STARTED, result, deadline=quiz.closes_at)


def outline_quiz_statuses(*, user, items) -> None:
    """Describe the quizzes among a course outline's steps for ``user`` (one query; none
    without a user, when only the row's template is set).

    Registered for the ``COURSES_OUTLINE_ACTIVITIES`` hook (``lms.hooks``).
    """
    quiz_items = [item for item in items if isinstance(item.page, QuizPage)]
    for item in quiz_items:
        item.template_name = "assessments/includes/outline_quiz.html"
    if not quiz_items or user is None:
        return
    now = timezone.now()
    results = quiz_results_for(user=user, quizzes=[item.page for item in quiz_items])
    for item, result in zip(quiz_items, results, strict=True):
        item.status = quiz_status(result, now)
        item.waiting = item.status.waiting


def quiz_open_to(*, user, quiz: QuizPage) -> bool:
    """Enrolled trainees take a quiz; trainers and coordinators may try it too."""
    if not user.is_authenticated:
        return False
    if is_staff_role(user):
        return True
    return enrollment_for_lesson(user=user, lesson=quiz) is not None


def _cohort_filter(user) -> Q | None:
    """Whose answers ``user`` may grade: a trainer's cohorts; a coordinator the people of
    their territories (``courses.selectors.people_visible_to``; a programme coordinator
    everyone)."""
    if territories_for(user) is None:
        return Q()
    if is_coordinator(user):
        return Q(attempt__user__in=people_visible_to(user).values("pk"))
    if not is_trainer(user):
        return None
    return Q(attempt__user__enrollments__cohort__trainers=user)


def grading_queue(*, user) -> QuerySet[Response]:
    """Essay answers waiting for a trainer, oldest first, limited to ``user``'s cohorts."""
    scope = _cohort_filter(user)
    if scope is None:
        return Response.objects.none()
    return (
        Response.objects.filter(
            scope,
            attempt__state=Attempt.State.NEEDS_GRADING,
            version__data__qtype="essay",
            score__isnull=True,
        )
        .exclude(answer=None)
        .select_related("attempt__quiz", "attempt__user", "version")
        .order_by("attempt__submitted_at", "position")
        .distinct()
    )


def response_for_grader(*, user, pk: int) -> Response | None:
    """An essay response ``user`` may grade (None otherwise: views answer 404)."""
    scope = _cohort_filter(user)
    if scope is None:
        return None
    return (
        Response.objects.filter(scope, pk=pk, version__data__qtype="essay")
        .exclude(attempt__state=Attempt.State.IN_PROGRESS)
        .select_related("attempt__quiz", "attempt__user", "version")
        .distinct()
        .first()
    )


@dataclass
class AnswerCount:
    label: str
    count: int
    share: float


@dataclass
class ItemStatistics:
    """How one question of a quiz behaved."""

    question_id: int
    name: str
    qtype: str
    responses: int
    facility: float | None
    discrimination: float | None
    answers: list[AnswerCount] = field(default_factory=list)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def _labels(data: dict, answer) -> list[str]:
    """What an answer looks like in the statistics table."""
    by_key = {option["key"]: option["text"] for option in data["answers"]}
    by_key.update({"true": gettext("True"), "false": gettext("False")})
    if answer is None:
        return ["—"]
    if data["qtype"] in {"single_choice", "true_false", "likert"}:
        return [by_key.get(answer, "?")]
    if data["qtype"] == "multiple_response":
        return [by_key.get(key, "?") for key in answer]
    if data["qtype"] in {"short_answer", "numerical"}:
        return [" ".join(str(answer).split())[:80]]
    if data["qtype"] == "matching":
        # The answer holds target keys: show the words the trainee chose, not the keys.
        targets = {option["key"]: option["match"] for option in grading.matching_targets(data)}
        return [
            f"{by_key.get(stem, '?')} → {targets.get(match, '?') if match else '—'}"
            for stem, match in sorted(answer.items())
        ]
    if data["qtype"] == "ordering":
        return [" | ".join(by_key.get(key, "?") for key in answer)]
    return []


def statistics_learners(user) -> QuerySet | None:
    """Whose attempts ``user`` may see in quiz statistics: ``None`` means everyone
    (programme coordinators, superusers); a coordinator sees the people of their
    territories, a trainer the learners of the cohorts they train."""
    if user is None or territories_for(user) is None:
        return None
    from courses.models import Enrollment

    if is_coordinator(user):
        return people_visible_to(user).values("pk")
    return Enrollment.objects.filter(cohort__trainers=user).values("user_id")


def item_statistics(*, quiz: QuizPage, user=None) -> list[ItemStatistics]:
    """Facility, discrimination and answer frequencies per question of ``quiz``.

    Facility is the mean share of the mark earned; discrimination the correlation
    between the item's score and the rest of the attempt's score. Only attempts of
    learners ``user`` may see count (see ``statistics_learners``). Two queries.
    """
    learners = statistics_learners(user)
    attempts = Attempt.objects.filter(quiz=quiz, state=Attempt.State.GRADED)
    scope = Q()
    if learners is not None:
        attempts = attempts.filter(user_id__in=learners)
        scope = Q(attempt__user_id__in=learners)
    rows = list(
        Response.objects.filter(scope, quiz_filter(quiz), attempt__state=Attempt.State.GRADED)
        .select_related("version")
        .only(
            "attempt_id",
            "question_id",
            "score",
            "max_score",
            "answer",
            "version__data",
            "attempt__score",
        )
        .order_by("question_id", "attempt_id")
    )
    totals = dict(attempts.values_list("pk", "score"))
    by_question: dict[int, list[Response]] = defaultdict(list)
    for row in rows:
        by_question[row.question_id].append(row)
    stats = []
    for question_id, responses in by_question.items():
        latest = max(responses, key=lambda response: response.version_id).version.data
        marked = [r for r in responses if r.score is not None and r.max_score]
        facility = (
            sum(float(r.score / r.max_score) for r in marked) / len(marked) if marked else None
        )
        discrimination = _pearson(
            [float(r.score / r.max_score) for r in marked],
            [float((totals.get(r.attempt_id) or 0) - r.score) for r in marked],
        )
        counter: Counter = Counter()
        for response in responses:
            labels = _labels(response.version.data, response.answer)
            counter.update(grading_label for grading_label in labels)
        total = len(responses)
        stats.append(
            ItemStatistics(
                question_id=question_id,
                name=latest["name"],
                qtype=latest["qtype"],
                responses=total,
                facility=facility,
                discrimination=discrimination,
                answers=[
                    AnswerCount(label, count, count / total)
                    for label, count in counter.most_common()
                ],
            )
        )
    return sorted(stats, key=lambda item: item.name)


def quiz_filter(quiz: QuizPage) -> Q:
    return Q(attempt__quiz=quiz)


__all__ = [
    "attempt_for",
    "quiz_open_to",
    "attempt_page_count",
    "attempt_responses",
    "attempts_of",
    "grading",
    "grading_queue",
    "item_statistics",
    "statistics_learners",
    "outline_quiz_statuses",
    "quiz_result_for",
    "quiz_results_for",
    "quiz_status",
    "response_for_grader",
]


def _drawn_category_ids(quiz: QuizPage) -> set[int]:
    """The categories whose questions a quiz's random draws may pick."""
    from .models import QuestionCategory, QuizSlot

    ids: set[int] = set()
    for slot in QuizSlot.objects.filter(quiz=quiz, kind=QuizSlot.Kind.RANDOM).select_related(
        "category"
    ):
        if slot.category is None:
            continue
        if slot.include_subcategories:
            ids |= set(
                QuestionCategory.objects.filter(slot.category.descendant_filter()).values_list(
                    "pk", flat=True
                )
            )
        else:
            ids.add(slot.category_id)
    return ids


def shows_answers_at_once(quiz: QuizPage) -> bool:
    """A practice quiz: the correct answers are shown right after each attempt."""
    from .models.quizzes import ReviewWhen

    return quiz.review_correct_answers == ReviewWhen.AFTER_SUBMIT


def graded_quizzes_sharing_categories(quiz: QuizPage) -> list[QuizPage]:
    """Graded quizzes (correct answers not shown at once) that draw from a category this
    practice quiz draws from and shows the answers of: trying the practice quiz again and
    again would reveal the graded quiz's answers. Empty when ``quiz`` is not such a quiz."""
    from .models import QuizSlot
    from .models.quizzes import ReviewWhen

    if not shows_answers_at_once(quiz):
        return []
    mine = _drawn_category_ids(quiz)
    if not mine:
        return []
    candidates = (
        QuizPage.objects.exclude(pk=quiz.pk)
        .exclude(review_correct_answers=ReviewWhen.AFTER_SUBMIT)
        .filter(
            pk__in=QuizSlot.objects.filter(
                Q(kind=QuizSlot.Kind.RANDOM) | Q(question__category_id__in=mine)
            ).values("quiz_id")
        )
        .order_by("title")
    )
    shared = []
    for other in candidates:
        fixed = QuizSlot.objects.filter(
            quiz=other, kind=QuizSlot.Kind.FIXED, question__category_id__in=mine
        ).exists()
        if fixed or _drawn_category_ids(other) & mine:
            shared.append(other)
    return shared
