"""Reads for workshop sessions: who may attend, who attended, and for how long."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from lms.roles import territory_scope

from ..models import AttendanceEntry, CoursePage, Enrollment, SessionRegistration, WorkshopSession


def _sessions_of_user(user) -> QuerySet[WorkshopSession]:
    """Sessions of the cohorts and courses ``user`` is enrolled in."""
    return WorkshopSession.objects.filter(
        Exists(
            Enrollment.objects.filter(
                user=user, cohort=OuterRef("cohort"), course=OuterRef("course")
            )
        )
    )


def upcoming_sessions_for(*, user, enrollments=None) -> list[WorkshopSession]:
    """Upcoming sessions a trainee can attend, each flagged ``is_registered``; their
    courses are read when asked for (or given by ``outline.attach_courses``). Given the
    person's ``enrollments`` (all of them), none in a cohort means no session and no
    query."""
    if enrollments is not None and not any(e.cohort_id for e in enrollments):
        return []
    return list(
        _sessions_of_user(user)
        .filter(starts_at__gte=timezone.now())
        .select_related("cohort")
        .annotate(
            is_registered=Exists(
                SessionRegistration.objects.filter(session=OuterRef("pk"), user=user)
            )
        )
        .order_by("starts_at")
    )


def session_open_to(*, session: WorkshopSession, user) -> bool:
    """True if ``user`` is enrolled in the session's course with the session's cohort."""
    return Enrollment.objects.filter(
        user=user, cohort_id=session.cohort_id, course_id=session.course_id
    ).exists()


def attended_hours(user, course: CoursePage) -> Decimal:
    """Workshop hours of ``course`` that ``user`` attended, from the attendance ledger."""
    return ledger_hours([user.pk], course=course).get(user.pk, Decimal("0"))


def ledger_hours(user_ids, *, course: CoursePage | None = None) -> dict[int, Decimal]:
    """Workshop hours per learner from the attendance ledger, in one query: the sum
    over each person's current entries of the partial hours, or the session length
    when present without partial hours (absent and excused count 0). The one place
    certificates, eligibility and reports read hours from."""
    entries = AttendanceEntry.objects.filter(user_id__in=user_ids)
    if course is not None:
        entries = entries.filter(session__course__translation_key=course.translation_key)
    totals: dict[int, Decimal] = {}
    for _session_id, user_id, hours in ledger_lines(entries):
        totals[user_id] = totals.get(user_id, Decimal("0")) + hours
    return totals


def ledger_lines(entries=None) -> list[tuple[int, int, Decimal]]:
    """(session id, user id, hours) of each current "present" line of the ledger among
    ``entries`` (an ``AttendanceEntry`` queryset; default: all), in one query — the
    hours counted as ``ledger_hours`` counts them (the funder report reads these)."""
    if entries is None:
        entries = AttendanceEntry.objects.all()
    entries = entries.current().filter(status=AttendanceEntry.Status.PRESENT)
    return [
        (session_id, user_id, hours if hours is not None else length)
        for session_id, user_id, hours, length in entries.order_by(
            "session_id", "user_id"
        ).values_list("session_id", "user_id", "hours", "session__hours")
    ]


def attendance_share(user, course: CoursePage) -> Decimal:
    """Share (0–1) of the held sessions of ``course`` that ``user`` attended, by hours.

    Held sessions are those of the person's cohorts that have started; excused
    absences do not count against them. No held sessions gives 0.
    """
    held = _sessions_of_user(user).filter(
        course__translation_key=course.translation_key, starts_at__lte=timezone.now()
    )
    excused = (
        AttendanceEntry.objects.current()
        .filter(user=user, status=AttendanceEntry.Status.EXCUSED)
        .values("session")
    )
    due = held.exclude(pk__in=excused).aggregate(hours=Sum("hours"))["hours"] or Decimal("0")
    if not due:
        return Decimal("0")
    return min(attended_hours(user, course) / due, Decimal("1")).quantize(Decimal("0.01"))


def sessions_for_trainer(*, user) -> QuerySet[WorkshopSession]:
    """Sessions whose attendance ``user`` may take: their cohorts', those they facilitate,
    and a coordinator's territories' (every session for a programme coordinator)."""
    sessions = WorkshopSession.objects.select_related("cohort", "course").order_by("starts_at")
    territories = territory_scope(user, "cohort__territory")
    if territories is None:
        return sessions
    return sessions.filter(
        pk__in=WorkshopSession.objects.filter(
            Q(cohort__trainers=user) | Q(facilitators=user) | territories
        ).values("pk")
    )


def session_roster(*, session: WorkshopSession) -> list[tuple[Enrollment, str]]:
    """The session's expected trainees (its cohort in its course) with attendance so far."""
    statuses = dict(
        AttendanceEntry.objects.current().filter(session=session).values_list("user_id", "status")
    )
    enrollments = (
        Enrollment.objects.filter(cohort_id=session.cohort_id, course_id=session.course_id)
        .select_related("user__profile")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    return [(enrollment, statuses.get(enrollment.user_id, "")) for enrollment in enrollments]
