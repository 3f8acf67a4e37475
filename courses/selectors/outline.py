"""Reads for a course's outline: modules, lessons and the other steps, with progress.

A module's outline lists every live child page in tree order. Courses knows lessons;
for any other page type it makes an :class:`ActivityItem` and asks the Wagtail hook
``courses_outline_activities`` to fill in what the trainee's standing is, so that
courses never imports the apps built on it (assessments registers the hook in its
``wagtail_hooks``)::

    @hooks.register("courses_outline_activities")
    def describe(*, user, items):  # items: list[ActivityItem] of every page type
        ...  # set item.template_name for your pages; with a user, status and waiting

``user`` is None when the outline is read for nobody in particular (a visitor, a
report): then a hook sets only the template. A hook must run a fixed number of
queries, whatever the number of items.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail import hooks
from wagtail.models import Page

from lms import caching
from lms import hooks as lms_hooks
from lms.i18n import (
    localize_children_urls,
    page_language,
    reader_language,
    remember_own_url_parts,
    set_localized_url,
    translations_in,
)

from ..models import CoursePage, Enrollment, LessonPage, LessonProgress, ModulePage

STEPLEN = ModulePage.steplen

HOOK = lms_hooks.COURSES_OUTLINE_ACTIVITIES  # declared, with its arguments, in lms/hooks.py


# --- Steps ---------------------------------------------------------------------------


@dataclass
class LessonItem:
    lesson: LessonPage
    done: bool = False
    locked: bool = False
    #: The original lesson's primary key (``lesson`` may become its translation).
    original_pk: int | None = None

    is_lesson = True

    @property
    def page(self) -> LessonPage:
        return self.lesson

    @property
    def to_do(self) -> bool:
        return not self.done and not self.locked

    @property
    def fragment_key(self) -> str:
        return f"L{self.lesson.pk}:{self.done:d}{self.locked:d}"


@dataclass
class ActivityItem:
    """A step that is not a lesson; ``status`` and ``template_name`` come from its app."""

    page: Page
    locked: bool = False
    status: Any = None
    #: True while the step waits for the trainee (not started, or started and unfinished).
    waiting: bool = False
    #: Renders the row (an ``<li>``) with ``item`` in the context.
    template_name: str = "courses/includes/activity_row.html"

    is_lesson = False

    @property
    def done(self) -> bool:
        return False

    @property
    def to_do(self) -> bool:
        return self.waiting and not self.locked

    @property
    def fragment_key(self) -> str | None:
        """What the row shows (a kept fragment's key, ``{% keep %}``), or None when the
        app's status does not say (``status.fragment_key``): the row is then rendered
        every time."""
        status = ""
        if self.status is not None:
            status = getattr(self.status, "fragment_key", None)
            if status is None:
                return None
        return f"A{self.page.pk}:{self.locked:d}:{self.template_name}:{status}"


def step_models() -> dict[int, str]:
    """{content type id: accessor from Page} for each page type a module may hold.

    Only direct subclasses of Page (all of them are), so one query with
    ``select_related`` on these accessors returns every step as its specific class.
    """
    models = [model for model in ModulePage.allowed_subpage_models() if Page in model._meta.parents]
    content_types = ContentType.objects.get_for_models(*models)  # cached per process
    return {
        content_types[model].pk: model._meta.parents[Page].remote_field.get_accessor_name()
        for model in models
    }


def describe_activities(*, user, items: list[ActivityItem]) -> None:
    """Let the apps that own the pages of ``items`` describe them for ``user``."""
    if not items:
        return
    for hook in hooks.get_hooks(HOOK):
        hook(user=user, items=items)


# --- Outlines ------------------------------------------------------------------------


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
    def fragment_key(self) -> str | None:
        """What the module's list of steps shows of the person's progress, as a key for
        a kept fragment (``{% keep %}``); None if a step cannot say."""
        keys = [step.fragment_key for step in self.steps]
        if None in keys:
            return None
        return f"M{self.module.pk}:{self.locked:d}:" + ",".join(keys)

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

    @property
    def dashboard_kept_as(self) -> str:
        """The key of this course's card on the dashboard (``{% keep %}``): the person's
        progress in each step, the enrolment's completion and the hours shown; "" (the
        card rendered anew) if a step cannot say what it shows."""
        modules = [module.fragment_key for module in self.modules]
        if None in modules:
            return ""
        completed = getattr(self.enrollment, "completed_at", None)
        hours = (getattr(self, "workshop_hours", ""), getattr(self, "online_hours", ""))
        return "dashboard-card:{}:{}:{}:{}:{}".format(
            self.course.pk,
            completed.isoformat() if completed else "",
            *hours,
            "|".join(modules),
        )

    def item_for(self, lesson) -> LessonItem | None:
        for item in self.lessons:
            if item.lesson.translation_key == lesson.translation_key:
                return item
        return None

    def module_for(self, lesson) -> ModuleOutline | None:
        key = lesson.translation_key
        for module in self.modules:
            if any(item.lesson.translation_key == key for item in module.lessons):
                return module
        return None

    def neighbours(self, lesson) -> tuple[LessonItem | ActivityItem | None, ...]:
        """The steps (lessons or quizzes) before and after ``lesson`` in tree order,
        whatever language ``lesson`` is in."""
        items = self.steps
        for index, item in enumerate(items):
            if item.page.translation_key == lesson.translation_key:
                previous = items[index - 1] if index > 0 else None
                following = items[index + 1] if index + 1 < len(items) else None
                return previous, following
        return None, None

    def _next(self, items) -> LessonItem | ActivityItem | None:
        """The first step to do from the last lesson opened (itself if unfinished)."""
        start = 0
        last = self.enrollment.last_lesson_id if self.enrollment else None
        if last is not None:
            # Where they left off is the original lesson (the outline's steps are the
            # originals'): found by its key without reading it; a translation there
            # (from before it was always the original) is read to match its key.
            known = {item.original_pk: item.lesson.translation_key for item in self.lessons}
            key = known.get(last) or self.enrollment.last_lesson.translation_key
            for index, item in enumerate(items):
                if item.is_lesson and item.lesson.translation_key == key:
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
    return model.objects.live().filter(condition).select_related("locale").order_by("path")


_STRUCTURES = caching.LocalMemo(limit=512)


def _structure(courses) -> tuple[list[ModulePage], list[Page]]:
    """The courses' live modules and the live steps below them (as specific pages, each
    with its own address worked out), course by course in tree order: kept in this
    process and in the shared cache under the tree's and the sites' versions
    (``lms.caching``: any page saved, published, unpublished, moved or deleted, or a
    site changed, makes new ones), else two queries for all the courses missing.
    Nobody's progress is in it; the pages are shared, read-only."""
    from django.core.cache import cache

    by_pk = {course.pk: course for course in courses}
    version = caching.tree_and_sites_version() if caching.enabled() else None

    def key(pk) -> str:
        return "lms:outline:{}:{}:{}".format(*version, pk)

    def read(pks) -> dict:
        found = {}
        if version is not None:
            kept = cache.get_many([key(pk) for pk in pks])
            found = {pk: kept[key(pk)] for pk in pks if key(pk) in kept}
        missing = [by_pk[pk] for pk in pks if pk not in found]
        if missing:
            made = {course.pk: ([], []) for course in missing}
            pk_by_path = {course.path: course.pk for course in missing}
            for module in _descendants(ModulePage, missing, 1):
                made[pk_by_path[module.path[:-STEPLEN]]][0].append(module)
            for page, _done in _module_children(missing, None):
                made[pk_by_path[page.path[: -2 * STEPLEN]]][1].append(page)
            for modules, steps in made.values():
                remember_own_url_parts([*modules, *steps])
            if version is not None:
                cache.set_many({key(pk): value for pk, value in made.items()}, caching.TIMEOUT)
            found.update(made)
        return found

    by_course = _STRUCTURES.get_many(version, list(by_pk), read)
    modules, steps = [], []
    for course in courses:
        course_modules, course_steps = by_course[course.pk]
        modules.extend(course_modules)
        steps.extend(course_steps)
    return modules, steps


def _done_keys(user, steps) -> set:
    """Translation keys of the lessons among ``steps`` (the originals') that ``user``
    completed: one query on the progress rows alone (by the person and lesson index).
    Progress is always recorded on the original lesson (``services.lesson_complete``),
    whatever language it was read in."""
    keys = {page.pk: page.translation_key for page in steps if isinstance(page, LessonPage)}
    if not keys or user is None or not user.is_authenticated:
        return set()
    done = LessonProgress.objects.filter(user=user, lesson_id__in=list(keys))
    return {keys[pk] for pk in done.values_list("lesson_id", flat=True)}


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


def _originals(courses: list[CoursePage]) -> dict[int, CoursePage]:
    """{pk of each course: its original (the first of its translations)}: one query,
    none when every course is in the default language and the original itself."""
    if all(page_language(course) == settings.LANGUAGE_CODE for course in courses):
        return {course.pk: course for course in courses}
    firsts: dict = {}
    for course in (
        CoursePage.objects.filter(translation_key__in={c.translation_key for c in courses})
        .select_related("locale")
        .order_by("-pk")
    ):
        firsts[course.translation_key] = course
    return {course.pk: firsts.get(course.translation_key, course) for course in courses}


def course_outlines(
    courses: list[CoursePage],
    *,
    done_keys: set | frozenset = frozenset(),
    user=None,
    language: str | None = None,
) -> dict[int, CourseOutline]:
    """Modules, lessons and quizzes of each course (their structure cached per tree
    version, else two queries; with ``user``, one query for their progress), with
    done/locked flags.

    The steps are always those of the course's original: a step without a translation
    in ``language`` (default: the active language) is listed in its original language,
    never dropped; translated steps are shown in ``language`` (one more query), and
    every step's address keeps the reader's language (see ``lms.i18n``).

    ``done_keys`` holds the translation keys of the lessons the person has completed,
    so progress shows whatever language the course is read in; or give ``user`` to read
    their progress in the same query as the lessons. With ``user``, the apps owning
    the other steps (quizzes) describe the person's standing in them (see
    ``describe_activities``: one more query when there are quizzes), on the originals.
    """
    originals = _originals(courses)
    outlines = {course.pk: CourseOutline(course) for course in courses}
    by_path = {originals[course.pk].path: outlines[course.pk] for course in courses}
    sources = list({course.pk: course for course in originals.values()}.values())
    courses = sources
    modules_by_path: dict[str, ModuleOutline] = {}
    modules, steps = _structure(courses)
    for module in modules:
        outline = by_path[module.path[:-STEPLEN]]
        module_outline = ModuleOutline(module)
        outline.modules.append(module_outline)
        modules_by_path[module.path] = module_outline
    done_keys = set(done_keys) | _done_keys(user, steps)
    activities: list[ActivityItem] = []
    for page in steps:
        module_outline = modules_by_path.get(page.path[:-STEPLEN])
        if module_outline is None:  # a draft module hides its lessons
            continue
        if isinstance(page, LessonPage):
            item = LessonItem(page, done=page.translation_key in done_keys, original_pk=page.pk)
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
    # Read in a request: in the reader's language; otherwise in each course's own.
    language = language or reader_language()
    by_language: dict[str, list[CourseOutline]] = {}
    for outline in outlines.values():
        by_language.setdefault(language or page_language(outline.course), []).append(outline)
    for code, group in by_language.items():
        _localize(group, code)
    return outlines


def _localize(outlines: list[CourseOutline], language: str) -> None:
    """Show each course, module and step in ``language`` where translated (one query),
    and give every untranslated one its address under ``language``'s prefix, built from
    its parent's (no query beyond one per untranslated course)."""
    pages = []
    for outline in outlines:
        pages.append(outline.course)
        for module in outline.modules:
            pages.append(module.module)
            pages.extend(step.page for step in module.steps)
    pages = [page for page in pages if page_language(page) != language]
    found = translations_in(pages, language)
    for outline in outlines:
        outline.course = found.get(outline.course.translation_key, outline.course)
    localize_children_urls([outline.course for outline in outlines], language)
    for outline in outlines:
        course_url = outline.course.get_url()
        for module in outline.modules:
            module.module = found.get(module.module.translation_key, module.module)
            module_url = _url_below(module.module, course_url, language)
            for step in module.steps:
                page = found.get(step.page.translation_key, step.page)
                if step.is_lesson:
                    step.lesson = page
                else:
                    step.page = page
                _url_below(page, module_url, language)


def _url_below(page, parent_url: str | None, language: str) -> str | None:
    if page_language(page) == language or parent_url is None:
        return page.get_url()
    url = f"{parent_url}{page.slug}/"
    set_localized_url(page, language, url)
    return url


def course_path_of(lesson: LessonPage) -> str:
    """The tree path of the course a lesson belongs to (lesson → module → course)."""
    return lesson.path[: -2 * STEPLEN]


_COURSES_AT = caching.LocalMemo(limit=1024)
_COURSES_BY_PK = caching.LocalMemo(limit=1024)


def courses_by_pk(pks) -> dict:
    """{pk: course page, live or not, with its locale} for ``pks`` (those that exist):
    kept in this process under the tree's and the locales' versions, else one query
    for the missing. Each page is the caller's own copy (see ``course_at``)."""
    import copy

    pks = list(dict.fromkeys(pks))
    if not pks:
        return {}

    def read(missing) -> dict:
        found = CoursePage.objects.filter(pk__in=missing).select_related("locale").in_bulk()
        return {pk: found.get(pk) for pk in missing}

    if caching.enabled():
        kept = _COURSES_BY_PK.get_many(caching.local_version(("pages", "locales")), pks, read)
    else:
        kept = read(pks)
    return {pk: copy.copy(course) for pk, course in kept.items() if course is not None}


def attach_courses(rows) -> None:
    """Give each of ``rows`` (enrolments, sessions: anything with ``course_id``) its
    course from ``courses_by_pk``, instead of reading the course pages with the rows
    (their long content and the page joins are most of such a query's cost)."""
    found = courses_by_pk(row.course_id for row in rows)
    for row in rows:
        if row.course_id in found:
            row.course = found[row.course_id]


def course_at(path: str) -> tuple[CoursePage, tuple[int, ...]] | None:
    """(the course page at tree ``path``, live or not, with its locale; the primary
    keys of it and all its translations), or None.

    Which course is at ``path`` is kept in this process and in the shared cache under
    the tree's and the locales' versions (a page saved, published, moved or deleted, or
    a locale changed, makes a new one), else two queries; the page itself comes from
    ``courses_by_pk``, as the caller's own copy."""

    def compute():
        pk_and_key = CoursePage.objects.filter(path=path).values_list("pk", "translation_key")
        found = pk_and_key.first()
        if found is None:
            return None
        pks = CoursePage.objects.filter(translation_key=found[1]).values_list("pk", flat=True)
        return found[0], tuple(sorted(pks))

    if not caching.enabled():
        found = compute()
    else:
        version = caching.local_version(("pages", "locales"))
        found = _COURSES_AT.get(
            version,
            path,
            lambda: caching._shared("lms:course-pk-at:{}:{}:{}".format(*version, path), compute),
        )
    if found is None:
        return None
    pk, pks = found
    course = courses_by_pk([pk]).get(pk)
    return None if course is None else (course, pks)


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
        found = course_at(course_path_of(page))
        if found is None:
            return False
        course = found[0]
    # The course's live modules, from the outline's structure (kept per tree version);
    # a draft module is in no outline, so nothing in it is locked.
    modules, _steps = _structure(list(_originals([course]).values()))
    module = next((m for m in modules if m.path == page.path[:-STEPLEN]), None)
    if module is None or not module.unlock_after_previous:
        return False  # most modules are open from the start: nothing to read
    outline = course_outlines([course], user=user)[course.pk]
    key = module.translation_key
    return any(m.locked for m in outline.modules if m.module.translation_key == key)
