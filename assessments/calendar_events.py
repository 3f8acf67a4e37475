"""Quiz deadlines in a trainee's calendar feed (the ``CALENDAR_EVENTS`` hook)."""

from __future__ import annotations

from datetime import timedelta
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from courses.models import Enrollment
from lms import hooks as lms_hooks
from lms.i18n import active_language, localize_children_urls, translations_in

from .models import Attempt, QuizPage

#: The phone reminds a day before a quiz closes ("a quiz closes tomorrow").
QUIZ_REMINDERS = (timedelta(days=1),)


def quiz_deadline_events(*, user, since, base_url) -> list[lms_hooks.CalendarEvent]:
    """The closing time of every live quiz with a deadline in the courses ``user`` is
    enrolled in and has not yet submitted (three queries, however many courses)."""
    paths = list(Enrollment.objects.filter(user=user).values_list("course__path", flat=True))
    if not paths:
        return []
    quizzes = list(
        QuizPage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=path) for path in paths)))
        .filter(closes_at__isnull=False, closes_at__gte=since)
        .exclude(
            Exists(
                Attempt.objects.filter(quiz=OuterRef("pk"), user=user, submitted_at__isnull=False)
            )
        )
        .select_related("locale")
        .order_by("closes_at", "pk")
    )
    language = active_language()
    translated = translations_in(quizzes, language)
    shown = [translated.get(quiz.translation_key, quiz) for quiz in quizzes]
    localize_children_urls([page for page in shown if page not in translated.values()])
    events = []
    for quiz, page in zip(quizzes, shown, strict=True):
        url = page.get_url()
        events.append(
            lms_hooks.CalendarEvent(
                uid=f"quiz-closes-{quiz.pk}",
                title=_("Quiz closes: %(title)s") % {"title": page.title},
                starts_at=quiz.closes_at,
                url=(base_url + url) if url and url.startswith("/") else (url or ""),
                description=_("Last moment to submit the quiz “%(title)s”.")
                % {"title": page.title},
                reminders=QUIZ_REMINDERS,
            )
        )
    return events
