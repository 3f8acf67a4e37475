"""Reads for progress: a person's enrolments, dashboard and journal, and the progress
of a cohort's learners as their trainers see it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Window
from wagtail.models import Locale

from lms.i18n import canonical_pk
from lms.roles import is_staff_role, territory_scope

from ..models import (
    Cohort,
    CoursePage,
    Enrollment,
    JournalEntry,
    LessonPage,
    LessonProgress,
    WorkshopSession,
)
from .online import hours_by_course
from .outline import CourseOutline, attach_courses, course_at, course_outlines, course_path_of
from .sessions import upcoming_sessions_for

# --- A person's enrolments ------------------------------------------------------------


def enrollment_for(*, user, course: CoursePage) -> Enrollment | None:
    """``user``'s enrolment in ``course`` (in any of its languages), or None."""
    if not user.is_authenticated:
        return None
    return (
        Enrollment.objects.filter(user=user, course__translation_key=course.translation_key)
        .select_related("last_lesson", "cohort")
        .first()
    )


def enrollment_for_lesson(*, user, lesson: LessonPage) -> Enrollment | None:
    """``user``'s enrolment in the course of ``lesson`` (a lesson or a quiz; in any of
    the course's languages), with that course: one query for the enrolment alone, the
    course coming from ``course_at``. Its ``last_lesson`` is not read (compare
    ``last_lesson_id``)."""
    found = course_at(course_path_of(lesson))
    if found is None:
        return None
    course, pks = found
    enrollment = Enrollment.objects.filter(user=user, course_id__in=pks).first()
    if enrollment is not None and enrollment.course_id == course.pk:
        enrollment.course = course
    return enrollment


def can_see_lessons(*, user, enrollment: Enrollment | None) -> bool:
    """Enrolled trainees see lessons; so do trainers and coordinators (to check content)."""
    return enrollment is not None or is_staff_role(user)


# --- Dashboard and journal -------------------------------------------------------------


@dataclass
class Dashboard:
    outlines: list[CourseOutline]
    sessions: list[WorkshopSession]
    journal: list[JournalEntry]
    journal_count: int
    #: Every course the person is enrolled in (for the dashboard's panels).
    enrolled_course_ids: frozenset = frozenset()


def dashboard_for(*, user, journal_limit: int = 3) -> Dashboard:
    """Everything on a trainee's dashboard, in the active language where translated."""
    enrollments = list(
        Enrollment.objects.filter(user=user).order_by(
            "completed_at", "-last_activity_at", "-created_at"
        )
    )
    locale = Locale.get_active()
    sessions = upcoming_sessions_for(user=user, enrollments=enrollments)
    attach_courses([*enrollments, *sessions])  # the course pages from memory
    # Courses to show in the reader's language (none to look for when every one is
    # already in it: the usual case).
    keys = [
        course.translation_key
        for course in [e.course for e in enrollments] + [s.course for s in sessions]
        if course.locale_id != locale.pk
    ]
    translated = {
        course.translation_key: course
        for course in (
            CoursePage.objects.live()
            .filter(translation_key__in=keys, locale=locale)
            .select_related("locale")
            if keys
            else ()
        )
    }
    shown = [translated.get(e.course.translation_key, e.course) for e in enrollments]
    outlines_by_pk = course_outlines(shown, user=user)
    outlines = []
    hours = hours_by_course(user)
    for enrollment, course in zip(enrollments, shown, strict=True):
        outline = outlines_by_pk[course.pk]
        outline.enrollment = enrollment
        # Workshop hours (ledger) and online learning time, shown apart.
        outline.workshop_hours, outline.online_hours = hours.get(
            str(course.translation_key), (Decimal("0"), Decimal("0.00"))
        )
        outlines.append(outline)
    # The latest entries and how many there are, in one query.
    journal = list(
        JournalEntry.objects.filter(user=user).annotate(entries=Window(Count("pk")))[:journal_limit]
    )
    for session in sessions:  # show the course's title in the reader's language
        session.course_shown = translated.get(session.course.translation_key, session.course)
    return Dashboard(
        outlines=outlines,
        sessions=sessions,
        journal=journal,
        journal_count=journal[0].entries if journal else 0,
        enrolled_course_ids=frozenset(e.course_id for e in enrollments),
    )


def journal_for(*, user) -> QuerySet[JournalEntry]:
    """All of ``user``'s journal entries, newest first (only ever shown to them)."""
    return JournalEntry.objects.filter(user=user).select_related("lesson")


def journal_entry_for(*, user, lesson: LessonPage) -> JournalEntry | None:
    """``user``'s reflection on ``lesson`` (in any of its languages: it is always kept
    on the original, ``services.journal_save``), or None. One query on the journal
    alone (the original's key from ``lms.i18n.canonical_pk``)."""
    return JournalEntry.objects.filter(user=user, lesson_id=canonical_pk(lesson)).first()


# --- Cohorts ---------------------------------------------------------------------------


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    """The cohorts ``user`` works with: a trainer the ones they train, a coordinator
    those of their territories (``lms.roles.territories_for``), a programme coordinator
    every cohort."""
    cohorts = Cohort.objects.prefetch_related("courses").order_by("name")
    territories = territory_scope(user, "territory")
    if territories is None:
        return cohorts
    if not user.is_authenticated:
        return cohorts.none()
    return cohorts.filter(pk__in=Cohort.objects.filter(Q(trainers=user) | territories).values("pk"))


def people_visible_to(user) -> QuerySet:
    """The people ``user`` may see and act on (the site's and the admin's rule): every
    account for a programme coordinator; otherwise themselves, the trainees and trainers
    of the cohorts they see (``cohorts_visible_to``) and, for a coordinator, the people
    whose profile names one of their territories (not yet in a cohort)."""
    people = get_user_model().objects.all()
    territories = territory_scope(user, "profile__territory")
    if territories is None:
        return people
    if not user.is_authenticated:
        return people.none()
    cohorts = cohorts_visible_to(user).values("pk")
    return people.filter(
        Q(pk=user.pk)
        | Q(pk__in=Enrollment.objects.filter(cohort__in=cohorts).values("user_id"))
        | Q(pk__in=Cohort.trainers.through.objects.filter(cohort__in=cohorts).values("user_id"))
        | territories
    )


@dataclass
class LearnerRow:
    enrollment: Enrollment
    module_cells: list[tuple[int, int]]  # (done, total) per module
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class CohortProgress:
    cohort: Cohort
    course: CoursePage
    outline: CourseOutline
    rows: list[LearnerRow]


def cohort_progress(*, cohort: Cohort, course: CoursePage) -> CohortProgress:
    """Learners × modules of ``course`` for ``cohort``: lessons done, last activity."""
    outline = course_outlines([course])[course.pk]
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort, course=course)
        .select_related("user__profile")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    done_by_user: dict[int, set] = {}
    for user_id, key in LessonProgress.objects.filter(
        course=course, user__in=[e.user_id for e in enrollments]
    ).values_list("user_id", "lesson__translation_key"):
        done_by_user.setdefault(user_id, set()).add(key)
    rows = []
    for enrollment in enrollments:
        done_keys = done_by_user.get(enrollment.user_id, set())
        cells = [
            (sum(item.lesson.translation_key in done_keys for item in m.lessons), m.total)
            for m in outline.modules
        ]
        rows.append(
            LearnerRow(
                enrollment=enrollment,
                module_cells=cells,
                done=sum(done for done, _total in cells),
                total=outline.total,
            )
        )
    return CohortProgress(cohort=cohort, course=course, outline=outline, rows=rows)
