"""Tracked online learning time: the visible time on a course's lessons and quizzes,
summed per learner. Always shown apart from workshop hours (the attendance ledger,
``sessions.ledger_hours``): the two are never added together silently."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from ..models import CoursePage, OnlineLearningTime


def online_hours(user_ids, *, course: CoursePage | None = None) -> dict[int, Decimal]:
    """Online learning hours per learner (two decimals), in one query; each page visit
    counts at most 30 minutes (``OnlineLearningTime.CAP_SECONDS``)."""
    rows = OnlineLearningTime.objects.filter(user_id__in=user_ids)
    if course is not None:
        rows = rows.filter(course__translation_key=course.translation_key)
    return {
        user_id: (Decimal(seconds) / 3600).quantize(Decimal("0.01"))
        for user_id, seconds in rows.values("user_id")
        .annotate(total=Sum("seconds"))
        .values_list("user_id", "total")
    }


def online_hours_for(user, course: CoursePage) -> Decimal:
    """``user``'s online learning hours on ``course`` (0 when none were tracked)."""
    return online_hours([user.pk], course=course).get(user.pk, Decimal("0.00"))


def hours_by_course(user) -> dict[str, tuple[Decimal, Decimal]]:
    """``user``'s hours per course (by translation key): (workshop hours from the
    attendance ledger, counted as ``ledger_hours`` counts them; tracked online learning
    hours), kept apart. Two queries, on the rows alone (each course's key comes from
    ``outline.courses_by_pk``)."""
    from ..models import AttendanceEntry
    from .outline import courses_by_pk

    lines = list(
        AttendanceEntry.objects.current()
        .filter(user=user, status=AttendanceEntry.Status.PRESENT)
        .values_list("session__course_id", "hours", "session__hours")
    )
    seconds = list(
        OnlineLearningTime.objects.filter(user=user)
        .values("course_id")
        .annotate(total=Sum("seconds"))
        .values_list("course_id", "total")
    )
    courses = courses_by_pk([pk for pk, *_rest in lines] + [pk for pk, _total in seconds])

    def key(pk) -> str:
        return str(courses[pk].translation_key) if pk in courses else f"missing:{pk}"

    workshop: dict[str, Decimal] = {}
    for pk, hours, length in lines:
        workshop[key(pk)] = workshop.get(key(pk), Decimal("0")) + (
            hours if hours is not None else length
        )
    online_seconds: dict[str, int] = {}
    for pk, total in seconds:
        online_seconds[key(pk)] = online_seconds.get(key(pk), 0) + total
    online = {
        course_key: (Decimal(total) / 3600).quantize(Decimal("0.01"))
        for course_key, total in online_seconds.items()
    }
    return {
        course_key: (
            workshop.get(course_key, Decimal("0")),
            online.get(course_key, Decimal("0.00")),
        )
        for course_key in workshop.keys() | online.keys()
    }
