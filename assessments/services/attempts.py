"""Taking quizzes: start, save answers, submit, time out, and grade (auto and by hand)."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from assessments import grading
from assessments.competencies.services import attempt_evidence_record
from assessments.exceptions import (
    AttemptNotOpen,
    GradingError,
    NoAttemptsLeft,
    QuizHasNoQuestions,
    QuizNotOpen,
    TimeIsUp,
)
from assessments.models import (
    GRACE,
    UNGRADED,
    Attempt,
    Question,
    QuestionAnswer,
    QuestionCategory,
    QuizPage,
    QuizSlot,
    Response,
    Rubric,
    RubricScore,
)
from assessments.selectors import open_attempt_for
from lms import caching
from lms.i18n import canonical_page, page_language

from .bank import question_version_sync

SCORE_PLACES = Decimal("0.001")
NO_SHUFFLE = {"true_false", "likert", "short_answer", "numerical", "essay", "description"}


_SLOTS = caching.LocalMemo(limit=512)
_VERSIONS = caching.LocalMemo(limit=4096)
#: What a quiz's slots say, as kept: (kind, question, mark, category, subcategories, tag, count).
_SLOT_FIELDS = (
    "kind",
    "question_id",
    "mark",
    "category_id",
    "include_subcategories",
    "tag",
    "count",
)


def _slots_of(quiz: QuizPage) -> list[tuple]:
    """The live quiz's slots in order: kept in this process under the question bank's
    and the tree's versions (slots are saved with the page), else one query."""

    def read():
        # Slots made in code (not through the editor) may all have sort_order NULL:
        # the primary key keeps them in the order they were added, on every database.
        return list(quiz.slots.order_by("sort_order", "pk").values_list(*_SLOT_FIELDS))

    if not caching.enabled():
        return read()
    return _SLOTS.get(caching.local_version(("questions", "pages")), quiz.pk, read)


def _versions_of(pks: list[int]) -> dict[int, tuple[int, dict]]:
    """{question pk: (pk of its current version, that version's data)}, each version
    brought up to date with the question first (``question_version_sync``).

    Kept in this process under the question bank's version (a question, an answer or a
    version saved or deleted makes a new one), else two queries for those missing; what
    was read is kept only once the transaction commits, so that a version written in a
    transaction rolled back is never remembered. The data is shared: read-only."""
    version = caching.local_version(("questions",)) if caching.enabled() else None
    found: dict = {}
    if version is not None:
        for pk in pks:
            kept = _VERSIONS.peek(version, pk)
            if kept is not None:
                found[pk] = kept
    missing = [pk for pk in pks if pk not in found]
    if not missing:
        return found
    questions = (
        Question.objects.select_related("current_version")
        .prefetch_related(
            Prefetch("answers", queryset=QuestionAnswer.objects.order_by("sort_order", "pk"))
        )
        .in_bulk(missing)
    )
    read = {}
    for pk, question in questions.items():
        synced = question_version_sync(question=question, answers=list(question.answers.all()))
        read[pk] = (synced.pk, synced.data)
    found.update(read)
    if version is not None:

        def keep():
            for pk, value in read.items():
                _VERSIONS.put(version, pk, value)

        transaction.on_commit(keep)  # at once outside a transaction
    return found


def _draw(quiz: QuizPage, rng: random.Random) -> list[tuple[int, int, dict, Decimal | None]]:
    """The questions of a new attempt, random draws resolved: (question pk, version pk,
    version data, slot mark) each. A quiz of fixed questions reads nothing once its
    slots and versions are kept (``_slots_of``, ``_versions_of``)."""
    chosen: list[tuple[int, Decimal | None]] = []
    used: set[int] = set()
    for kind, question_id, mark, category_id, subcategories, tag, count in _slots_of(quiz):
        if kind == QuizSlot.Kind.FIXED and question_id:
            if question_id not in used:
                chosen.append((question_id, mark))
                used.add(question_id)
        elif kind == QuizSlot.Kind.RANDOM and category_id:
            category = QuestionCategory.objects.get(pk=category_id)
            candidates = Question.objects.exclude(pk__in=used).exclude(qtype="description")
            if subcategories:
                candidates = candidates.filter(
                    category__in=QuestionCategory.objects.filter(category.descendant_filter())
                )
            else:
                candidates = candidates.filter(category=category)
            if tag:
                candidates = candidates.filter(tags__name=tag)
            ids = sorted(set(candidates.values_list("pk", flat=True)))
            for pk in rng.sample(ids, min(count, len(ids))):
                chosen.append((pk, mark))
                used.add(pk)
    versions = _versions_of([pk for pk, _mark in chosen])
    return [(pk, *versions[pk], mark) for pk, mark in chosen if pk in versions]


def attempt_start(*, quiz: QuizPage, user, now=None, rng: random.Random | None = None) -> Attempt:
    """Start an attempt, or return the one already open (one open attempt at most).

    An open attempt whose time is over is closed (and graded) first, then a new one is
    created with ``attempt_create``. Raises QuizNotOpen, NoAttemptsLeft or
    QuizHasNoQuestions.
    """
    now = now or timezone.now()
    existing = open_attempt_for(quiz=quiz, user=user)
    if existing is not None:
        if existing.accepts_answers_at(now):
            return existing
        attempt_close_expired(attempt=existing, now=now)
    return attempt_create(quiz=quiz, user=user, now=now, rng=rng)


@transaction.atomic
def attempt_create(
    *, quiz: QuizPage, user, now=None, rng: random.Random | None = None, used: int | None = None
) -> Attempt:
    """Create ``user``'s next attempt at ``quiz``, its questions drawn and ordered.

    For a caller that has just found no attempt open (the quiz page, which reads it
    anyway); ``attempt_start`` looks for itself. Two concurrent creations give one
    attempt: the partial unique constraint refuses the second insert and the open
    attempt is returned instead. ``used``: how many attempts the caller has just read
    (else counted here). Raises QuizNotOpen, NoAttemptsLeft or QuizHasNoQuestions.
    """
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    if page_language(quiz) != settings.LANGUAGE_CODE:
        # Taken in a translation: the attempt belongs to the original (the quiz page
        # passes the original already; this keeps other callers right too).
        quiz = canonical_page(quiz)
    if not quiz.is_open(now):
        raise QuizNotOpen()
    if used is None:  # (the quiz page passes how many it has just read)
        used = Attempt.objects.filter(quiz=quiz, user=user).count()
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise NoAttemptsLeft()
    drawn = _draw(quiz, rng)
    if not drawn:
        raise QuizHasNoQuestions()
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    per_page = quiz.questions_per_page
    # Everything about the responses is decided before the attempt exists, so that its
    # total goes into the one INSERT (no UPDATE after the responses).
    responses = []
    for position, (question_pk, version_pk, data, mark) in enumerate(drawn, start=1):
        keys = grading.answer_keys(data)
        # Ordering items and matching answers are always shuffled: in the author's
        # order they would give the answer away.
        if data["qtype"] in {"ordering", "matching"} or (
            quiz.shuffle_answers and data["shuffle"] and data["qtype"] not in NO_SHUFFLE
        ):
            rng.shuffle(keys)
        max_score = (
            Decimal(0)
            if data["qtype"] in UNGRADED
            else (mark if mark is not None else Decimal(data["default_mark"]))
        )
        responses.append(
            Response(
                position=position,
                page=((position - 1) // per_page + 1) if per_page else 1,
                question_id=question_pk,
                version_id=version_pk,
                order=keys,
                max_score=max_score,
            )
        )
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                number=used + 1,
                started_at=now,
                deadline=deadline,
                max_score=sum((response.max_score for response in responses), Decimal(0)),
            )
    except IntegrityError:
        # Another request started it first: use that one.
        existing = open_attempt_for(quiz=quiz, user=user)
        if existing is None:
            raise
        return existing
    for response in responses:
        response.attempt = attempt
    Response.objects.bulk_create(responses)
    return attempt


def _lock(attempt: Attempt) -> Attempt:
    """``attempt`` read again with its row locked until the transaction ends.

    Only the attempt's row: a join here would lock the quiz page's rows too, and every
    trainee submitting the same quiz at once would wait for the one before. The quiz
    already read with ``attempt`` comes along (else it is read when asked for)."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if Attempt.quiz.is_cached(attempt) and attempt.quiz_id == locked.quiz_id:
        locked.quiz = attempt.quiz
    return locked


def _save(attempt: Attempt, answers: dict[int, Any], now) -> int:
    responses = list(
        attempt.responses.filter(position__in=list(answers)).only(
            "pk", "attempt_id", "position", "answer", "saved_at"
        )
    )
    changed = []
    for response in responses:
        value = answers[response.position]
        if response.answer != value:
            response.answer, response.saved_at = value, now
            changed.append(response)
    if changed:
        Response.objects.bulk_update(changed, ["answer", "saved_at"])
    return len(changed)


def attempt_save_answers(*, attempt: Attempt, answers: dict[int, Any], now=None) -> int:
    """Save answers (``{position: answer}``); saving the same answer again changes nothing.

    Returns how many answers changed. Raises AttemptNotOpen once submitted, and
    TimeIsUp after the deadline plus the grace period (the attempt is closed first, in
    its own transaction, so that the closing survives the error).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock(attempt)
        if not attempt.is_open:
            raise AttemptNotOpen()
        if attempt.accepts_answers_at(now):
            return _save(attempt, answers, now)
        _finish(attempt, now, timed_out=True)
    raise TimeIsUp()


def attempt_flags_save(*, attempt: Attempt, flags: dict[int, bool]) -> int:
    """Set "flag for later" (``{position: flagged}``) on an open attempt. Returns how many
    flags changed; a finished attempt keeps its flags (AttemptNotOpen)."""
    if not attempt.is_open:
        raise AttemptNotOpen()
    changed = 0
    for flagged in (True, False):
        positions = [position for position, value in flags.items() if value is flagged]
        if positions:
            changed += (
                attempt.responses.filter(position__in=positions)
                .exclude(flagged=flagged)
                .update(flagged=flagged)
            )
    return changed


@transaction.atomic
def attempt_submit(*, attempt: Attempt, answers: dict[int, Any] | None = None, now=None) -> Attempt:
    """Submit an attempt (with the last answers) and grade it. Idempotent.

    A second submission — double click, another tab, a concurrent request — finds the
    attempt already finished (the row is locked meanwhile) and returns it unchanged.
    Answers arriving after the deadline plus the grace period are ignored.
    """
    now = now or timezone.now()
    attempt = _lock(attempt)
    if not attempt.is_open:
        return attempt
    timed_out = not attempt.accepts_answers_at(now)
    responses = list(attempt.responses.select_related("version"))
    changed = set()
    if answers and not timed_out:
        for response in responses:
            if response.position in answers and response.answer != answers[response.position]:
                response.answer, response.saved_at = answers[response.position], now
                changed.add(response.pk)
    return _finish(attempt, now, timed_out=timed_out, responses=responses, changed=changed)


@transaction.atomic
def attempt_close_expired(*, attempt: Attempt, now=None) -> Attempt:
    """Close ``attempt`` if its time (plus grace) is over, grading what was saved."""
    now = now or timezone.now()
    attempt = _lock(attempt)
    if attempt.is_open and not attempt.accepts_answers_at(now):
        return _finish(attempt, now, timed_out=True)
    return attempt


def attempts_close_expired(*, now=None) -> int:
    """Close every open attempt whose time is over (for a periodic task). Returns how many."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(
        state=Attempt.State.IN_PROGRESS, deadline__lt=now - GRACE
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(expired):
        attempt_close_expired(attempt=Attempt(pk=pk), now=now)
        count += 1
    return count


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def _finish(
    attempt: Attempt, now, *, timed_out: bool, responses=None, changed=frozenset()
) -> Attempt:
    """Mark every auto-gradable response, then close the attempt (caller holds the lock).

    ``responses`` (with their versions) may come from the caller, with the primary keys
    of those whose answer it ``changed`` in memory: their answers are written together
    with the scores, in one statement.
    """
    if responses is None:
        responses = list(attempt.responses.select_related("version"))
    pending = False
    for response in responses:
        data = response.version.data
        fraction = grading.grade(data, response.answer)
        if data["qtype"] in UNGRADED:
            response.score = None
        elif fraction is None:
            # An essay: a trainer grades it; an empty one is simply worth nothing.
            if response.answer:
                response.score = None
                pending = True
            else:
                response.score = Decimal(0)
        else:
            response.score = _quantize(fraction * response.max_score)
    _write_scores(responses, changed)
    attempt.submitted_at = (
        min(now, attempt.deadline + GRACE) if timed_out and attempt.deadline else now
    )
    attempt.closed_by_timeout = timed_out
    attempt.score = _total(responses)
    if pending:
        attempt.state = Attempt.State.NEEDS_GRADING
    else:
        attempt.state = Attempt.State.GRADED
        attempt.graded_at = now
    attempt.save(update_fields=["submitted_at", "closed_by_timeout", "score", "state", "graded_at"])
    if attempt.state == Attempt.State.GRADED:
        attempt_evidence_record(attempt=attempt, responses=responses)
    return attempt


def _write_scores(responses: list[Response], changed) -> None:
    """Write every response's score, and the answer and time of those ``changed``.

    On PostgreSQL one ``UPDATE … FROM unnest(…)``: ``bulk_update``'s CASE per row and
    field costs more CPU to build than the grading itself. Elsewhere ``bulk_update``.
    """
    if not responses:
        return
    if connection.vendor != "postgresql":
        Response.objects.bulk_update(responses, ["score"])
        moved = [response for response in responses if response.pk in changed]
        if moved:
            Response.objects.bulk_update(moved, ["answer", "saved_at"])
        return
    table = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS r SET score = v.score, "  # noqa: S608 — the model's own table
            "answer = CASE WHEN v.changed THEN v.answer::jsonb ELSE r.answer END, "
            "saved_at = CASE WHEN v.changed THEN v.saved_at ELSE r.saved_at END "
            "FROM unnest(%s::bigint[], %s::numeric[], %s::boolean[], %s::text[], "
            "%s::timestamptz[]) AS v(id, score, changed, answer, saved_at) WHERE r.id = v.id",
            [
                [response.pk for response in responses],
                [response.score for response in responses],
                [response.pk in changed for response in responses],
                [
                    # None stays SQL NULL, as the JSONField (null=True) stores it.
                    json.dumps(response.answer)
                    if response.pk in changed and response.answer is not None
                    else None
                    for response in responses
                ],
                [response.saved_at if response.pk in changed else None for response in responses],
            ],
        )


def _total(responses) -> Decimal:
    return sum((response.score for response in responses if response.score is not None), Decimal(0))


@transaction.atomic
def response_grade(
    *,
    response: Response,
    grader,
    levels: dict[int, int] | None = None,
    score: Decimal | None = None,
    feedback: str = "",
    now=None,
) -> Response:
    """A trainer grades an essay: rubric ``levels`` ({criterion id: level id}) or ``score``.

    With a rubric every criterion needs a level; the score is the share of the rubric's
    best total times the question's mark. When the attempt has nothing left to grade it
    becomes graded (its total updates) and its competency evidence is recorded.
    Raises GradingError.
    """
    now = now or timezone.now()
    attempt = _lock(response.attempt)
    response = Response.objects.select_related("version").get(pk=response.pk)
    if attempt.is_open or response.version.data["qtype"] != "essay":
        raise GradingError()
    rubric_id = response.version.data.get("rubric")
    RubricScore.objects.filter(response=response).delete()
    if rubric_id:
        rubric = Rubric.objects.prefetch_related("criteria", "levels").get(pk=rubric_id)
        criteria = {criterion.pk: criterion for criterion in rubric.criteria.all()}
        rubric_levels = {level.pk: level for level in rubric.levels.all()}
        levels = levels or {}
        if set(levels) != set(criteria) or not set(levels.values()) <= set(rubric_levels):
            raise GradingError(GradingError.message)
        RubricScore.objects.bulk_create(
            RubricScore(response=response, criterion_id=criterion, level_id=level)
            for criterion, level in levels.items()
        )
        best = rubric.max_points(list(criteria.values()), list(rubric_levels.values()))
        points = sum((rubric_levels[level].points for level in levels.values()), Decimal(0))
        score = _quantize(points / best * response.max_score) if best else Decimal(0)
    elif score is None or not (0 <= score <= response.max_score):
        raise GradingError()
    response.score = _quantize(Decimal(score))
    response.feedback = feedback
    response.graded_by = grader
    response.graded_at = now
    response.save(update_fields=["score", "feedback", "graded_by", "graded_at"])
    scores = list(attempt.responses.values_list("score", "version__data__qtype", "answer"))
    pending = any(value is None and qtype == "essay" and answer for value, qtype, answer in scores)
    attempt.score = sum((value for value, _q, _a in scores if value is not None), Decimal(0))
    if not pending:
        attempt.state = Attempt.State.GRADED
        attempt.graded_at = now
    attempt.save(update_fields=["score", "state", "graded_at"])
    if not pending:
        attempt_evidence_record(attempt=attempt, responses=list(attempt.responses.all()))
    return response
