"""Writes: enrolment, progress, journal, session registration and attendance.

Each service validates, then saves, inside one transaction, and raises an error
from ``courses.exceptions`` with a message a person can act on.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lms.i18n import canonical_pk

from .exceptions import (
    AttendanceRefused,
    CourseError,
    NotAllowed,
    NotOpenForEnrolment,
    SessionFull,
    SessionStarted,
)
from .models import (
    AttendanceConfirmation,
    AttendanceEntry,
    Cohort,
    CoursePage,
    Enrollment,
    JournalEntry,
    LessonPage,
    LessonProgress,
    OnlineLearningTime,
    SessionRegistration,
    WorkshopSession,
    canonical_page,
)
from .selectors import session_open_to  # noqa: E402 — selectors never import services


def _course_of(lesson: LessonPage) -> CoursePage:
    return CoursePage.objects.ancestor_of(lesson).get()


@transaction.atomic
def enrollment_create(
    *,
    user,
    course: CoursePage,
    cohort: Cohort | None = None,
    source: str = Enrollment.Source.SELF,
    enrolled_by=None,
) -> tuple[Enrollment, bool]:
    """Enrol ``user`` in ``course`` (any translation of it); return (enrolment, created).

    Enrolling someone already enrolled changes nothing. Self-enrolment is only
    possible on courses open for it.
    """
    course = canonical_page(course)
    existing = Enrollment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing, False
    if source == Enrollment.Source.SELF and not course.self_enrollment:
        raise NotOpenForEnrolment(_("This course is not open for self-enrolment."))
    if cohort is not None and not cohort.courses.filter(pk=course.pk).exists():
        raise NotOpenForEnrolment(
            _("The cohort %(cohort)s does not follow this course.") % {"cohort": cohort.name}
        )
    enrollment = Enrollment(
        user=user, course=course, cohort=cohort, source=source, enrolled_by=enrolled_by
    )
    enrollment.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError:  # a concurrent request enrolled them first
        return Enrollment.objects.get(user=user, course=course), False
    return enrollment, True


# How stale "last activity" may get while a trainee rereads the same lesson: it is
# shown to trainers to the minute, so rewriting it on every page view buys nothing.
LAST_ACTIVITY_RESOLUTION = timedelta(minutes=5)


def lesson_visit(*, user, lesson: LessonPage, enrollment: Enrollment) -> bool:
    """Remember ``lesson`` as where ``user`` left off in the course (at most one UPDATE).

    Nothing is written when ``lesson`` (in any of its languages) is already where they
    left off and their last activity is recent. Returns whether it wrote.
    """
    now = timezone.now()
    recent = (
        enrollment.last_activity_at is not None
        and now - enrollment.last_activity_at < LAST_ACTIVITY_RESOLUTION
    )
    # Where they left off is always the original lesson (``last_lesson_id``, not the
    # lesson itself, is compared: nothing more to read).
    if recent and enrollment.last_lesson_id == lesson.pk:
        return False
    lesson_pk = lesson.pk
    if lesson.locale_id != enrollment.course.locale_id:
        lesson_pk = canonical_pk(lesson)  # read in a translation: point at the original
        if recent and enrollment.last_lesson_id == lesson_pk:
            return False
    Enrollment.objects.filter(pk=enrollment.pk, user=user).update(
        last_lesson_id=lesson_pk, last_activity_at=now
    )
    enrollment.last_lesson_id, enrollment.last_activity_at = lesson_pk, now
    return True


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> tuple[LessonProgress, bool]:
    """Mark ``lesson`` complete for ``user``; completes the course when it was the last.

    Returns (progress, created). Completing a lesson twice changes nothing.
    """
    lesson = canonical_page(lesson)
    course = _course_of(lesson)
    enrollment = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if enrollment is None:
        raise NotAllowed(_("Enrol in the course to complete its lessons."))
    now = timezone.now()
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"course": course, "completed_at": now}
    )
    enrollment.last_lesson = lesson
    enrollment.last_activity_at = now
    if created and enrollment.completed_at is None:
        lesson_count = LessonPage.objects.descendant_of(course).live().count()
        done_count = LessonProgress.objects.filter(
            user=user, course=course, lesson__live=True
        ).count()
        if lesson_count and done_count >= lesson_count:
            enrollment.completed_at = now
    enrollment.save(update_fields=["last_lesson", "last_activity_at", "completed_at"])
    return progress, created


@transaction.atomic
def journal_save(*, user, lesson: LessonPage, text: str) -> JournalEntry:
    """Save (or replace) ``user``'s reflection on ``lesson`` in their private journal."""
    lesson = canonical_page(lesson)
    entry = JournalEntry.objects.filter(user=user, lesson=lesson).first() or JournalEntry(
        user=user, lesson=lesson
    )
    entry.prompt = lesson.reflection_prompt
    entry.text = text.strip()
    entry.full_clean(validate_unique=False)
    entry.save()
    return entry


@transaction.atomic
def session_register(*, user, session: WorkshopSession) -> SessionRegistration:
    """Give ``user`` a place in ``session``, never more places than its capacity.

    The session row is locked while counting, so concurrent registrations queue
    up instead of overbooking.
    """
    session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at < timezone.now():
        raise SessionStarted(_("This session has already started."))
    if not session_open_to(session=session, user=user):
        raise NotAllowed(_("This session is for another cohort."))
    existing = SessionRegistration.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing
    if session.registered_count >= session.capacity:
        raise SessionFull(_("Sorry, this session is full."))
    registration = SessionRegistration(session=session, user=user)
    registration.full_clean(validate_unique=False)
    registration.save()
    WorkshopSession.objects.filter(pk=session.pk).update(registered_count=F("registered_count") + 1)
    return registration


@transaction.atomic
def session_unregister(*, user, session: WorkshopSession) -> None:
    """Give up ``user``'s place in ``session`` (nothing happens if they had none)."""
    session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
    deleted, _details = SessionRegistration.objects.filter(session=session, user=user).delete()
    if deleted:
        WorkshopSession.objects.filter(pk=session.pk).update(
            registered_count=F("registered_count") - 1
        )


@transaction.atomic
def attendance_record(
    *,
    session: WorkshopSession,
    recorded_by,
    statuses: dict[int, str],
    hours: dict[int, Decimal | None] | None = None,
    times: dict[int, tuple[time | None, time | None]] | None = None,
    now=None,
    reason: str = "",
) -> int:
    """Record attendance for ``session``: ``statuses`` maps user ids to a status.

    Only people enrolled in the session's course with its cohort can be recorded, and
    only once the session has started (nobody can be present at what has not begun).
    ``hours`` gives partial hours of people present (absent: the whole session);
    ``times`` their arrival and leaving times (both given and no hours: the hours are
    the time between them). Every
    change appends a versioned ``AttendanceEntry`` (unchanged lines add nothing); once
    the register is closed a change needs a ``reason``. Returns how many entries were
    written; a refusal names the field and saves nothing.
    """
    now = now or timezone.now()
    if session.starts_at > now:
        raise AttendanceRefused(
            _("This session has not started yet: attendance opens at %(time)s.")
            % {
                "time": formats.date_format(
                    timezone.localtime(session.starts_at), "DATETIME_FORMAT"
                )
            }
        )
    allowed = set(
        Enrollment.objects.filter(
            cohort_id=session.cohort_id, course_id=session.course_id, user_id__in=statuses
        ).values_list("user_id", flat=True)
    )
    unknown = set(statuses) - allowed
    if unknown:
        raise AttendanceRefused(_("Some people are not in this session's cohort."))
    valid = set(AttendanceEntry.Status.values)
    if any(status not in valid for status in statuses.values()):
        raise AttendanceRefused(_("Choose present, absent or excused."))
    hours = {user_id: value for user_id, value in (hours or {}).items() if value is not None}
    times = {user_id: pair for user_id, pair in (times or {}).items() if any(pair)}
    for user_id, (arrived, left) in times.items():
        if statuses.get(user_id) != AttendanceEntry.Status.PRESENT:
            raise AttendanceRefused(_("Arrived at: only people present have arrival times."))
        if arrived and left:
            if left <= arrived:
                raise AttendanceRefused(_("Left at: the leaving time is before the arrival."))
            if user_id not in hours:
                day = timezone.localdate(session.starts_at)
                span = datetime.combine(day, left) - datetime.combine(day, arrived)
                hours[user_id] = (Decimal(span.seconds) / 3600).quantize(Decimal("0.01"))
    for user_id, value in hours.items():
        if statuses.get(user_id) != AttendanceEntry.Status.PRESENT:
            raise AttendanceRefused(_("Hours: only people present can have partial hours."))
        if value < 0 or value > session.hours:
            raise AttendanceRefused(
                _("Hours: between 0 and the session's %(hours)s hours.")
                % {"hours": formats.number_format(session.hours)}
            )
    closed = session.register_closed_at is not None
    reason = (reason or "").strip()
    current = {
        entry.user_id: entry
        for entry in AttendanceEntry.objects.current().filter(session=session, user_id__in=statuses)
    }
    changes = {
        user_id: status
        for user_id, status in statuses.items()
        if user_id not in current
        or current[user_id].status != status
        or current[user_id].hours != hours.get(user_id)
        or (current[user_id].arrived_at, current[user_id].left_at)
        != times.get(user_id, (None, None))
    }
    if closed and changes and not reason:
        raise AttendanceRefused(
            _("Reason: the register is closed, so a correction needs a reason.")
        )
    written = 0
    for user_id, status in changes.items():
        previous = current.get(user_id)
        AttendanceEntry.objects.create(
            session=session,
            user_id=user_id,
            status=status,
            hours=hours.get(user_id),
            arrived_at=times.get(user_id, (None, None))[0],
            left_at=times.get(user_id, (None, None))[1],
            source=AttendanceEntry.Source.TRAINER,
            author=recorded_by,
            version=previous.version + 1 if previous else 1,
            supersedes=previous,
            reason=reason,
        )
        written += 1
    return written


@transaction.atomic
def register_close(*, session: WorkshopSession, closed_by, now=None) -> bool:
    """Close ``session``'s register at the end of the day: from now on a change is a
    correction with a reason. Closing twice changes nothing; returns whether it closed."""
    now = now or timezone.now()
    session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at > now:
        raise AttendanceRefused(_("A register cannot be closed before its session starts."))
    if session.register_closed_at is not None:
        return False
    session.register_closed_at, session.register_closed_by = now, closed_by
    session.save(update_fields=["register_closed_at", "register_closed_by"])
    return True


# --- Self-confirmation ---------------------------------------------------------------

# Wrong codes a person may type for one session in CONFIRM_WINDOW before being refused.
CONFIRM_MAX_WRONG = 5
CONFIRM_WINDOW = timedelta(minutes=15)


def session_confirmation_code(session: WorkshopSession) -> str:
    """The six-digit code the trainer shows for ``session`` (also in its QR): derived
    from the secret key, the session and its start, so moving the session changes it."""
    message = f"attendance-confirm:{session.pk}:{session.starts_at.isoformat()}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def confirmation_open(session: WorkshopSession, now=None) -> bool:
    """Whether participants can confirm now: during the session, before its register
    is closed."""
    now = now or timezone.now()
    return session.register_closed_at is None and session.starts_at <= now <= session.ends_at


def _wrong_codes_key(session, user) -> str:
    return f"attendance-confirm-wrong:{session.pk}:{user.pk}"


@transaction.atomic
def attendance_self_confirm(
    *, session: WorkshopSession, user, code: str, now=None
) -> AttendanceConfirmation:
    """``user`` confirms their presence at ``session`` with the code shown by the trainer.

    Only during the session, only for people enrolled with its cohort, and only with
    the right code; after ``CONFIRM_MAX_WRONG`` wrong codes in ``CONFIRM_WINDOW`` every
    attempt is refused. The confirmation keeps its time; when the trainer has not
    recorded the person yet it also appends a "present" line (source: self) to the
    ledger. Confirming twice changes nothing. A refusal names the field, saves nothing.
    """
    now = now or timezone.now()
    existing = AttendanceConfirmation.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing
    if not session_open_to(session=session, user=user):
        raise NotAllowed(_("This session is for another cohort."))
    if session.register_closed_at is not None:
        raise AttendanceRefused(_("Code: the register is closed; ask the trainer."))
    if now < session.starts_at:
        raise AttendanceRefused(_("Code: the session has not started yet."))
    if now > session.ends_at:
        raise AttendanceRefused(_("Code: the session is over, so the code has expired."))
    key = _wrong_codes_key(session, user)
    if (cache.get(key) or 0) >= CONFIRM_MAX_WRONG:
        raise AttendanceRefused(
            _("Code: too many wrong codes. Wait 15 minutes or ask the trainer to record you.")
        )
    typed = "".join((code or "").split())
    if not hmac.compare_digest(typed, session_confirmation_code(session)):
        if cache.add(key, 1, timeout=int(CONFIRM_WINDOW.total_seconds())) is False:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=int(CONFIRM_WINDOW.total_seconds()))
        raise AttendanceRefused(_("Code: this is not the code of this session."))
    entry = None
    if not AttendanceEntry.objects.current().filter(session=session, user=user).exists():
        entry = AttendanceEntry.objects.create(
            session=session,
            user=user,
            status=AttendanceEntry.Status.PRESENT,
            source=AttendanceEntry.Source.SELF,
            author=user,
        )
    confirmation = AttendanceConfirmation(session=session, user=user, confirmed_at=now, entry=entry)
    confirmation.full_clean(validate_unique=False)
    confirmation.save()
    return confirmation


# --- Online learning time -----------------------------------------------------------

# How late a page's first beacon may arrive after the page opened.
ONLINE_TIME_GRACE_SECONDS = 60


def online_time_record(*, user, page, visit: str, seconds, now=None) -> OnlineLearningTime:
    """Record that ``user`` has had ``page`` (a lesson or quiz page of a course they
    follow) visible for ``seconds`` during one visit (``visit``: the page's random id).

    Idempotent per visit: a beacon repeated or arriving out of order never adds time
    (the row keeps the largest value). Each visit counts at most 30 minutes
    (``OnlineLearningTime.CAP_SECONDS``), and never more than the time since its first
    beacon plus a minute, so a forged beacon cannot claim time not spent. The time is
    kept apart from the attendance ledger: it is never workshop hours.
    """
    try:
        visit_id = uuid.UUID(str(visit))
    except ValueError:
        raise CourseError(_("The visit id is not valid."), code="visit") from None
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        raise CourseError(
            _("The time must be a whole number of seconds."), code="seconds"
        ) from None
    if seconds < 0:
        raise CourseError(_("The time cannot be negative."), code="seconds")
    course = CoursePage.objects.ancestor_of(page).first() if page is not None else None
    if course is None or course.pk == page.pk:
        raise CourseError(_("Time is tracked only on the lessons and quizzes of a course."))
    course = canonical_page(course)
    if not Enrollment.objects.filter(
        user=user, course__translation_key=course.translation_key
    ).exists():
        raise NotAllowed(_("You are not enrolled in this course."))
    now = now or timezone.now()
    with transaction.atomic():
        rows = OnlineLearningTime.objects.select_for_update()
        row = rows.filter(user=user, visit=visit_id).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = OnlineLearningTime.objects.create(
                        user=user,
                        course=course,
                        page=page,
                        visit=visit_id,
                        started_at=now,
                        updated_at=now,
                        seconds=min(seconds, ONLINE_TIME_GRACE_SECONDS),
                    )
                return row
            except IntegrityError:  # a concurrent beacon of the same visit came first
                row = OnlineLearningTime.objects.select_for_update().get(user=user, visit=visit_id)
        elapsed = int((now - row.started_at).total_seconds()) + ONLINE_TIME_GRACE_SECONDS
        counted = min(max(row.seconds, seconds), elapsed, OnlineLearningTime.CAP_SECONDS)
        if counted != row.seconds:
            row.seconds = counted
            row.updated_at = now
            row.save(update_fields=["seconds", "updated_at"])
    return row
