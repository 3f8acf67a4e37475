""" "A quiz closes tomorrow" for ``lms.notifications`` (the ``NOTIFICATIONS_DUE`` hook)."""

from __future__ import annotations

from datetime import timedelta

from courses.models import Enrollment
from lms import hooks as lms_hooks

from .models import Attempt, QuizPage

AHEAD = timedelta(hours=24)
STEP = 4  # treebeard's path step: a page's ancestors are its path's prefixes


def quiz_closing_due(*, now) -> list[lms_hooks.DueNotification]:
    """Everyone enrolled in the course of a live quiz that closes within 24 hours and
    who has not submitted it (three queries)."""
    quizzes = list(QuizPage.objects.live().filter(closes_at__gt=now, closes_at__lte=now + AHEAD))
    if not quizzes:
        return []
    prefixes = {quiz.path[:end] for quiz in quizzes for end in range(STEP, len(quiz.path), STEP)}
    enrollments = list(
        Enrollment.objects.filter(course__path__in=prefixes).select_related(
            "user__profile", "course"
        )
    )
    submitted = set(
        Attempt.objects.filter(quiz__in=quizzes, submitted_at__isnull=False).values_list(
            "quiz_id", "user_id"
        )
    )
    due = []
    for quiz in quizzes:
        for enrollment in enrollments:
            if not quiz.path.startswith(enrollment.course.path):
                continue
            if (quiz.pk, enrollment.user_id) in submitted:
                continue
            due.append(
                lms_hooks.DueNotification(
                    user=enrollment.user,
                    kind="quiz_closes",
                    key=f"quiz-closes-{quiz.pk}-{quiz.closes_at:%Y%m%d%H%M}",
                    url_name="courses:dashboard",
                )
            )
    return due
