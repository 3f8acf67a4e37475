"""Reads: what a person may see of courses, progress, cohorts and sessions.

Every selector runs a fixed number of queries whatever the amount of data, so that
the pages built on them stay fast as the programme grows (see tests/courses/
test_query_counts.py).
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from wagtail.models import Locale, Page

from lms.roles import is_coordinator, is_staff_role

from .models import (
    Attendance,
    CatalogPage,
    Cohort,
    CoursePage,
    CourseTag,
    Enrollment,
    JournalEntry,
    LessonPage,
    LessonProgress,
    ModulePage,
    SessionRegistration,
    WorkshopSession,
)
from .outline_steps import ActivityItem, describe_activities, step_models

STEPLEN = ModulePage.steplen


# --- Catalogue ---------------------------------------------------------------


def original_courses() -> QuerySet[CoursePage]:
    """Courses that are originals, not translations: what enrolments and cohorts point at."""
    firsts = (
        CoursePage.objects.order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return CoursePage.objects.filter(pk__in=Subquery(firsts)).order_by("title")


@dataclass
class CourseCard:
    course: CoursePage
    enrolled: bool
    tags: list[str] = field(default_factory=list)  # names, in alphabetical order
    languages: list[str] = field(default_factory=list)  # display names of the locales


# Cards per catalogue page: the page's cost stays flat however many courses there are.
CATALOG_PAGE_SIZE = 12

# The long content of a lesson, left out where it is only pointed at.
LESSON_CONTENT_FIELDS = (
    "last_lesson__body",
    "last_lesson__transcript",
    "last_lesson__resources",
    "last_lesson__activity_instructions",
)

# Fields a course card never shows: left out of the list query (the body above all).
CARD_DEFERRED_FIELDS = ("body", "audience", "competencies", "prerequisites", "search_description")


@dataclass
class CatalogResults:
    cards: list[CourseCard]
    page: DjangoPage  # the page of results, for the pagination links
    count: int
    page_links: list  # page numbers to link to, with an ellipsis for long runs


def catalog_courses(
    *,
    catalog: CatalogPage,
    user,
    page_number=1,
    per_page: int = CATALOG_PAGE_SIZE,
    q: str = "",
    tag: str = "",
    language: str = "",
    territory: str = "",
) -> CatalogResults:
    """One page of the live courses of ``catalog`` matching the filters, each marked if
    ``user`` is enrolled. ``page_number`` out of range or not a number gives the nearest
    page. Five queries whatever the number of courses (count, cards, tags, languages,
    enrolments); tags and languages come as names, ready for the card.
    """
    courses = (
        CoursePage.objects.child_of(catalog)
        .live()
        .defer(*CARD_DEFERRED_FIELDS)
        .select_related("locale")
        .order_by("path")
    )
    if q:
        courses = courses.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(audience__icontains=q)
            | Q(competencies__icontains=q)
        )
    # Filters on many-to-many relations go through id subqueries, so no course is
    # listed twice and the list query needs no DISTINCT over whole rows.
    if tag:
        tagged = CourseTag.objects.filter(tag__slug=tag).values("content_object_id")
        courses = courses.filter(pk__in=tagged)
    if language:
        taught_in = CoursePage._meta.get_field("languages").remote_field.through.objects
        courses = courses.filter(
            pk__in=taught_in.filter(locale__language_code=language).values("coursepage_id")
        )
    if territory:
        courses = courses.filter(
            translation_key__in=Cohort.objects.filter(territory=territory).values(
                "courses__translation_key"
            )
        )
    page = Paginator(courses, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    ids = [course.pk for course in page.object_list]
    # Tags and languages as plain values: prefetch_related through modelcluster builds
    # a queryset per course, which costs more than the cards themselves.
    tags: dict[int, list[str]] = {}
    languages: dict[int, list[str]] = {}
    enrolled_keys: set = set()
    if ids:
        pairs = CourseTag.objects.filter(content_object_id__in=ids).order_by("tag__name")
        for course_id, name in pairs.values_list("content_object_id", "tag__name"):
            tags.setdefault(course_id, []).append(name)
        taught_in = CoursePage._meta.get_field("languages").remote_field.through.objects
        pairs = taught_in.filter(coursepage_id__in=ids).order_by("locale__language_code")
        for course_id, code in pairs.values_list("coursepage_id", "locale__language_code"):
            languages.setdefault(course_id, []).append(
                Locale(language_code=code).get_display_name()
            )
        if user.is_authenticated:
            enrolled_keys = set(
                Enrollment.objects.filter(user=user).values_list(
                    "course__translation_key", flat=True
                )
            )
    cards = [
        CourseCard(
            course,
            course.translation_key in enrolled_keys,
            tags=tags.get(course.pk, []),
            languages=languages.get(course.pk, []),
        )
        for course in page
    ]
    links = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return CatalogResults(cards=cards, page=page, count=page.paginator.count, page_links=links)


def catalog_page() -> CatalogPage | None:
    """The catalogue in the active language (or the original one)."""
    catalogs = CatalogPage.objects.live().filter(locale=Locale.get_active())
    return catalogs.first() or CatalogPage.objects.live().order_by("pk").first()


def catalog_tags(*, catalog: CatalogPage) -> list[tuple[str, str]]:
    """(slug, name) of the tags used by the catalogue's courses, for the filter."""
    from taggit.models import Tag

    tags = (
        Tag.objects.filter(courses_coursetag_items__content_object__path__startswith=catalog.path)
        .distinct()
        .order_by("name")
    )
    return [(tag.slug, tag.name) for tag in tags]


# --- Course outline and progress ----------------------------------------------


@dataclass
class LessonItem:
    lesson: LessonPage
    done: bool = False
    locked: bool = False

    is_lesson = True

    @property
    def page(self) -> LessonPage:
        return self.lesson

    @property
    def to_do(self) -> bool:
        return not self.done and not self.locked


@dataclass
class ModuleOutline:
    module: ModulePage
    lessons: list[LessonItem] = field(default_factory=list)
    locked: bool = False
    #: Lessons and other steps (quizzes) in tree order.
    steps: list[LessonItem | ActivityItem] = field(default_factory=list)

    @property
    def activities(self) -> list[ActivityItem]:
        return [step for step in self.steps if not step.is_lesson]

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.lessons)

    @property
    def complete(self) -> bool:
        """Every lesson done. Quizzes are shown beside lessons but do not count here:
        module locks, course completion and the certificates' "modules" criterion all
        rest on lessons (quiz grades have their own certificate criterion)."""
        return self.done_count == self.total


@dataclass
class CourseOutline:
    course: CoursePage
    modules: list[ModuleOutline] = field(default_factory=list)
    enrollment: Enrollment | None = None

    @property
    def lessons(self) -> list[LessonItem]:
        return [item for module in self.modules for item in module.lessons]

    @property
    def steps(self) -> list[LessonItem | ActivityItem]:
        return [step for module in self.modules for step in module.steps]

    @property
    def activities(self) -> list[ActivityItem]:
        return [step for module in self.modules for step in module.activities]

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done_count == self.total

    @property
    def minutes(self) -> int:
        return sum(item.lesson.estimated_minutes for item in self.lessons)

    def item_for(self, lesson) -> LessonItem | None:
        for item in self.lessons:
            if item.lesson.translation_key == lesson.translation_key:
                return item
        return None

    def module_for(self, lesson) -> ModuleOutline | None:
        for module in self.modules:
            if any(item.lesson.pk == lesson.pk for item in module.lessons):
                return module
        return None

    def neighbours(self, lesson) -> tuple[LessonItem | ActivityItem | None, ...]:
        """The steps (lessons or quizzes) before and after ``lesson`` in tree order."""
        items = self.steps
        for index, item in enumerate(items):
            if item.page.pk == lesson.pk:
                previous = items[index - 1] if index > 0 else None
                following = items[index + 1] if index + 1 < len(items) else None
                return previous, following
        return None, None

    def _next(self, items) -> LessonItem | ActivityItem | None:
        """The first step to do from the last lesson opened (itself if unfinished)."""
        start = 0
        last = self.enrollment.last_lesson if self.enrollment else None
        if last is not None:
            for index, item in enumerate(items):
                if item.is_lesson and item.lesson.translation_key == last.translation_key:
                    if item.to_do:
                        return item
                    start = index + 1
                    break
        for item in items[start:] + items[:start]:
            if item.to_do:
                return item
        return None

    @property
    def next_lesson(self) -> LessonPage | None:
        """Where to continue: the last lesson opened if unfinished, else the next one."""
        item = self._next(self.lessons)
        return item.lesson if item else None

    @property
    def next_step(self) -> Page | None:
        """Like ``next_lesson``, but a quiz waiting for the trainee counts as a step."""
        item = self._next(self.steps)
        return item.page if item else None


def _descendants(model, courses, depth_offset: int) -> QuerySet:
    if not courses:
        return model.objects.none()
    condition = functools.reduce(
        operator.or_,
        (Q(path__startswith=course.path, depth=course.depth + depth_offset) for course in courses),
    )
    return model.objects.live().filter(condition).order_by("path")


def _module_children(courses, user) -> list[tuple[Page, bool]]:
    """Every live lesson and quiz of the courses' modules, each as its specific page,
    in tree order, with whether ``user`` completed it: one query."""
    accessors = step_models()
    children = (
        _descendants(Page, courses, 2)
        .filter(content_type_id__in=list(accessors))
        .select_related(*accessors.values())
    )
    if user is not None and user.is_authenticated:
        children = children.annotate(
            done=Exists(
                LessonProgress.objects.filter(
                    user=user, lesson__translation_key=OuterRef("translation_key")
                )
            )
        )
    return [
        (getattr(page, accessors[page.content_type_id]), getattr(page, "done", False))
        for page in children
    ]


def course_outlines(
    courses: list[CoursePage], *, done_keys: set | frozenset = frozenset(), user=None
) -> dict[int, CourseOutline]:
    """Modules, lessons and quizzes of each course (two queries in all), with done/locked flags.

    ``done_keys`` holds the translation keys of the lessons the person has completed,
    so progress shows whatever language the course is read in; or give ``user`` to read
    their progress in the same query as the lessons. With ``user``, the apps owning
    the other steps (quizzes) describe the person's standing in them (see
    ``courses.outline_steps``: one more query when there are quizzes).
    """
    outlines = {course.pk: CourseOutline(course) for course in courses}
    by_path = {course.path: outlines[course.pk] for course in courses}
    modules_by_path: dict[str, ModuleOutline] = {}
    for module in _descendants(ModulePage, courses, 1):
        outline = by_path[module.path[:-STEPLEN]]
        module_outline = ModuleOutline(module)
        outline.modules.append(module_outline)
        modules_by_path[module.path] = module_outline
    activities: list[ActivityItem] = []
    for page, done in _module_children(courses, user):
        module_outline = modules_by_path.get(page.path[:-STEPLEN])
        if module_outline is None:  # a draft module hides its lessons
            continue
        if isinstance(page, LessonPage):
            item = LessonItem(page, done=done or page.translation_key in done_keys)
            module_outline.lessons.append(item)
        else:
            item = ActivityItem(page)
            activities.append(item)
        module_outline.steps.append(item)
    for outline in outlines.values():
        previous_complete = True
        for module_outline in outline.modules:
            module_outline.locked = (
                module_outline.module.unlock_after_previous and not previous_complete
            )
            for item in module_outline.steps:
                item.locked = module_outline.locked
            previous_complete = module_outline.complete
    signed_in = user is not None and user.is_authenticated
    describe_activities(user=user if signed_in else None, items=activities)
    return outlines


def done_lesson_keys(*, user, course_keys) -> set:
    """Translation keys of the lessons ``user`` completed in the given courses."""
    if not user.is_authenticated:
        return set()
    return set(
        LessonProgress.objects.filter(
            user=user, course__translation_key__in=list(course_keys)
        ).values_list("lesson__translation_key", flat=True)
    )


def enrollment_for(*, user, course: CoursePage) -> Enrollment | None:
    """``user``'s enrolment in ``course`` (in any of its languages), or None."""
    if not user.is_authenticated:
        return None
    return (
        Enrollment.objects.filter(user=user, course__translation_key=course.translation_key)
        .select_related("last_lesson", "cohort")
        .first()
    )


def course_path_of(lesson: LessonPage) -> str:
    """The tree path of the course a lesson belongs to (lesson → module → course)."""
    return lesson.path[: -2 * STEPLEN]


def enrollment_for_lesson(*, user, lesson: LessonPage) -> Enrollment | None:
    """``user``'s enrolment in the course of ``lesson``, with that course, in one query."""
    course_key = CoursePage.objects.filter(path=course_path_of(lesson)).values("translation_key")
    return (
        Enrollment.objects.filter(user=user, course__translation_key=Subquery(course_key[:1]))
        .select_related("course__locale", "last_lesson")
        # Pages read from here need titles, paths and keys, never their long content.
        .defer(*(f"course__{name}" for name in CARD_DEFERRED_FIELDS))
        .defer(*LESSON_CONTENT_FIELDS)
        .first()
    )


def can_see_lessons(*, user, enrollment: Enrollment | None) -> bool:
    """Enrolled trainees see lessons; so do trainers and coordinators (to check content)."""
    return enrollment is not None or is_staff_role(user)


def course_outline_for(*, course: CoursePage, user, enrollment: Enrollment | None):
    """One course's outline with ``user``'s progress (lessons done, quiz standings)."""
    outline = course_outlines([course], user=user if enrollment else None)[course.pk]
    outline.enrollment = enrollment
    return outline


def step_locked_for(*, user, page, enrollment: Enrollment | None) -> bool:
    """Whether ``page`` (a lesson or a quiz) sits in a module ``user`` has not unlocked yet.

    Only enrolled learners are held back; trainers and coordinators see everything.
    """
    if enrollment is None:
        return False
    course = enrollment.course
    if course.path != course_path_of(page):
        course = CoursePage.objects.filter(path=course_path_of(page)).first()
        if course is None:
            return False
    module = (
        ModulePage.objects.filter(path=page.path[:-STEPLEN])
        .values("translation_key", "unlock_after_previous")
        .first()
    )
    if module is None or not module["unlock_after_previous"]:
        return False  # most modules are open from the start: one query decides
    outline = course_outlines([course], user=user)[course.pk]
    key = module["translation_key"]
    return any(m.locked for m in outline.modules if m.module.translation_key == key)


# --- Dashboard -----------------------------------------------------------------


@dataclass
class Dashboard:
    outlines: list[CourseOutline]
    sessions: list[WorkshopSession]
    journal: list[JournalEntry]
    journal_count: int


def dashboard_for(*, user, journal_limit: int = 3) -> Dashboard:
    """Everything on a trainee's dashboard, in the active language where translated."""
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .select_related("course__locale", "last_lesson")
        .order_by("completed_at", "-last_activity_at", "-created_at")
    )
    keys = [enrollment.course.translation_key for enrollment in enrollments]
    locale = Locale.get_active()
    translated = {
        course.translation_key: course
        for course in CoursePage.objects.live()
        .filter(translation_key__in=keys, locale=locale)
        .select_related("locale")
    }
    shown = [translated.get(e.course.translation_key, e.course) for e in enrollments]
    outlines_by_pk = course_outlines(shown, user=user)
    outlines = []
    for enrollment, course in zip(enrollments, shown, strict=True):
        outline = outlines_by_pk[course.pk]
        outline.enrollment = enrollment
        outlines.append(outline)
    journal = list(JournalEntry.objects.filter(user=user).select_related("lesson")[:journal_limit])
    sessions = upcoming_sessions_for(user=user)
    for session in sessions:  # show the course's title in the reader's language
        session.course_shown = translated.get(session.course.translation_key, session.course)
    return Dashboard(
        outlines=outlines,
        sessions=sessions,
        journal=journal,
        journal_count=JournalEntry.objects.filter(user=user).count(),
    )


def journal_for(*, user) -> QuerySet[JournalEntry]:
    """All of ``user``'s journal entries, newest first (only ever shown to them)."""
    return JournalEntry.objects.filter(user=user).select_related("lesson")


# --- Sessions ------------------------------------------------------------------


def _sessions_of_user(user) -> QuerySet[WorkshopSession]:
    """Sessions of the cohorts and courses ``user`` is enrolled in."""
    return WorkshopSession.objects.filter(
        Exists(
            Enrollment.objects.filter(
                user=user, cohort=OuterRef("cohort"), course=OuterRef("course")
            )
        )
    )


def upcoming_sessions_for(*, user) -> list[WorkshopSession]:
    """Upcoming sessions a trainee can attend, each flagged ``is_registered``."""
    return list(
        _sessions_of_user(user)
        .filter(starts_at__gte=timezone.now())
        .select_related("cohort", "course")
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
    """Hours of ``course``'s workshop sessions ``user`` was marked present at."""
    total = Attendance.objects.filter(
        user=user,
        status=Attendance.Status.PRESENT,
        session__course__translation_key=course.translation_key,
    ).aggregate(hours=Sum("session__hours"))["hours"]
    return total or Decimal("0")


def attendance_share(user, course: CoursePage) -> Decimal:
    """Share (0–1) of the held sessions of ``course`` that ``user`` attended, by hours.

    Held sessions are those of the person's cohorts that have started; excused
    absences do not count against them. No held sessions gives 0.
    """
    held = _sessions_of_user(user).filter(
        course__translation_key=course.translation_key, starts_at__lte=timezone.now()
    )
    excused = Attendance.objects.filter(user=user, status=Attendance.Status.EXCUSED).values(
        "session"
    )
    due = held.exclude(pk__in=excused).aggregate(hours=Sum("hours"))["hours"] or Decimal("0")
    if not due:
        return Decimal("0")
    return min(attended_hours(user, course) / due, Decimal("1")).quantize(Decimal("0.01"))


# --- Cohorts ---------------------------------------------------------------------


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    """Coordinators see every cohort; trainers only the ones they train."""
    cohorts = Cohort.objects.prefetch_related("courses").order_by("name")
    if is_coordinator(user):
        return cohorts
    return cohorts.filter(trainers=user)


def cohort_visible_to(*, user, cohort: Cohort) -> bool:
    return is_coordinator(user) or cohort.trainers.filter(pk=user.pk).exists()


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


def sessions_for_trainer(*, user) -> QuerySet[WorkshopSession]:
    """Sessions whose attendance ``user`` may take: their cohorts' (or all, for coordinators)."""
    sessions = WorkshopSession.objects.select_related("cohort", "course").order_by("starts_at")
    if is_coordinator(user):
        return sessions
    return sessions.filter(Q(cohort__trainers=user) | Q(facilitators=user)).distinct()


def session_roster(*, session: WorkshopSession) -> list[tuple[Enrollment, str]]:
    """The session's expected trainees (its cohort in its course) with attendance so far."""
    statuses = dict(Attendance.objects.filter(session=session).values_list("user_id", "status"))
    enrollments = (
        Enrollment.objects.filter(cohort_id=session.cohort_id, course_id=session.course_id)
        .select_related("user__profile")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    return [(enrollment, statuses.get(enrollment.user_id, "")) for enrollment in enrollments]


def journal_entry_for(*, user, lesson: LessonPage) -> JournalEntry | None:
    """``user``'s reflection on ``lesson`` (in any of its languages), or None."""
    return JournalEntry.objects.filter(
        user=user, lesson__translation_key=lesson.translation_key
    ).first()
