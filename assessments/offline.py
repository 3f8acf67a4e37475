"""Practice quizzes answered offline (issue 19.1): the answers a phone queued, sent on
reconnect through the normal attempt services.

Only a quiz that ``works_offline`` (no time limit, no closing date, unlimited attempts)
takes them; any other quiz answers ``needs_connection`` and nothing is saved, so its
deadline rules stay exactly the server's. Each sending carries the phone's key, stored
as a ``courses.OfflineAction``: the same sending twice saves and submits once.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses.models import OfflineAction

from .models import Attempt
from .services import attempt_flags_save, attempt_save_answers, attempt_submit

Outcome = OfflineAction.Outcome


def _message(outcome: str, attempt: Attempt) -> str:
    title = attempt.quiz.title
    if outcome == Outcome.DONE:
        return _("Your answers to “%(title)s” are saved.") % {"title": title}
    if outcome == Outcome.NOT_ENROLLED:
        return _("Not saved: you are no longer enrolled in the course of “%(title)s”.") % {
            "title": title
        }
    if outcome == Outcome.CLOSED:
        return _("Not saved: this attempt at “%(title)s” was already submitted.") % {"title": title}
    return _("Not saved: “%(title)s” needs a connection while you answer it.") % {"title": title}


def attempt_offline_answers(
    *,
    user,
    attempt: Attempt,
    key: str,
    answers: dict[int, Any],
    flags: dict[int, bool],
    finish: bool,
    now=None,
) -> tuple[str, bool, str]:
    """Save (and with ``finish`` submit) answers ``user`` wrote offline on ``attempt``.

    Returns (outcome, replayed, message). A key received before changes nothing and
    answers the first outcome again.
    """
    now = now or timezone.now()
    existing = OfflineAction.objects.filter(user=user, key=key).first()
    if existing is not None:
        return existing.outcome, True, _message(existing.outcome, attempt)
    try:
        with transaction.atomic():
            record = OfflineAction.objects.create(
                user=user, key=key, kind=OfflineAction.Kind.QUIZ, outcome=Outcome.DONE
            )
            outcome = _apply(
                user=user, attempt=attempt, answers=answers, flags=flags, finish=finish, now=now
            )
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    except IntegrityError:
        existing = OfflineAction.objects.get(user=user, key=key)
        return existing.outcome, True, _message(existing.outcome, attempt)
    return outcome, False, _message(outcome, attempt)


def _apply(*, user, attempt, answers, flags, finish, now) -> str:
    if not attempt.quiz.works_offline:
        return Outcome.NEEDS_CONNECTION
    if course_selectors.enrollment_for_lesson(user=user, lesson=attempt.quiz) is None:
        return Outcome.NOT_ENROLLED
    if not attempt.is_open:
        return Outcome.CLOSED
    if finish:
        attempt_submit(attempt=attempt, answers=answers, now=now)
    else:
        attempt_save_answers(attempt=attempt, answers=answers, now=now)
        attempt_flags_save(attempt=attempt, flags=flags)
    return Outcome.DONE


def question_audio_for_offline(*, pages) -> list:
    """The recorded explanations of the chosen questions of the practice quizzes among
    ``pages`` (``lms.hooks.OFFLINE_MEDIA``): an attempt answered offline plays them from
    the phone. Random questions are left out (which ones come is known only then)."""
    from lms.hooks import OfflineMedia

    from .models import QuizPage, QuizSlot

    practice = [
        quiz.pk
        for quiz in QuizPage.objects.filter(pk__in=[page.pk for page in pages])
        if quiz.works_offline
    ]
    if not practice:
        return []
    slots = (
        QuizSlot.objects.filter(
            quiz_id__in=practice,
            kind=QuizSlot.Kind.FIXED,
            question__audio_explanation__isnull=False,
        )
        .select_related("question__audio_explanation")
        .order_by("quiz_id", "sort_order")
    )
    found = []
    for slot in slots:
        recording = slot.question.audio_explanation
        try:
            size = recording.file.size
        except (OSError, ValueError):
            size = 0
        found.append(OfflineMedia(recording.url, "audio", size))
    return found
