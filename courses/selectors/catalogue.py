"""Reads for the catalogue: which courses are listed, filtered and paged, as cards."""

from __future__ import annotations

import functools
import hashlib
import operator
from dataclasses import dataclass, field

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Min, Q, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from lms import caching
from lms.i18n import (
    language_name,
    localize_children_urls,
    remember_own_url_parts,
    site_languages,
)

from ..models import CatalogPage, Cohort, CoursePage, CourseTag, Enrollment


def original_courses() -> QuerySet[CoursePage]:
    """Courses that are originals, not translations: what enrolments and cohorts point at."""
    firsts = (
        CoursePage.objects.order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return CoursePage.objects.filter(pk__in=Subquery(firsts)).order_by("title")


def translatable_courses(user) -> QuerySet[CoursePage]:
    """The original courses ``user`` may translate: every course for coordinators (and
    superusers: courses are programme-wide content, not a territory's), the courses of
    the cohorts they train for trainers."""
    from lms.roles import is_coordinator

    courses = original_courses()
    if user.is_superuser or is_coordinator(user):
        return courses
    return courses.filter(pk__in=Cohort.courses.through.objects.filter(
        cohort__trainers=user).values("coursepage_id"))  # fmt: skip


def listed_courses(catalog: CatalogPage) -> QuerySet[CoursePage]:
    """The live courses of ``catalog`` in its language, and the original of every course
    that has no live translation in it: a course is never hidden for lack of a
    translation. One queryset (subqueries), each course once."""
    catalogs = CatalogPage.objects.filter(translation_key=catalog.translation_key)
    live = CoursePage.objects.live().filter(
        functools.reduce(
            operator.or_,
            [Q(path__startswith=path) for path in catalogs.values_list("path", flat=True)]
            or [Q(pk__in=[])],
        ),
        depth=catalog.depth + 1,
    )
    here = live.filter(locale_id=catalog.locale_id)
    firsts = live.order_by().values("translation_key").annotate(first=Min("pk")).values("first")
    return live.filter(
        Q(locale_id=catalog.locale_id)
        | (Q(pk__in=Subquery(firsts)) & ~Q(translation_key__in=here.values("translation_key")))
    )


@dataclass
class LanguageCoverage:
    """How much of a course (its page, modules, lessons and quizzes) is in a language."""

    code: str
    percent: int
    original: bool = False

    @property
    def name(self) -> str:
        return language_name(self.code)

    @property
    def full(self) -> bool:
        return self.original or self.percent == 100

    def label(self, original_code: str) -> str:
        if self.original:
            return _("%(language)s (original)") % {"language": self.name}
        in_sentence = language_name(self.code, in_sentence=True)
        if self.full:
            return _("fully in %(language)s") % {"language": in_sentence}
        return _("%(original)s with %(language)s support (%(percent)s%%)") % {
            "original": language_name(original_code),
            "language": in_sentence,
            "percent": self.percent,
        }


def language_coverage(courses) -> dict[int, list[LanguageCoverage]]:
    """{course pk: the languages it really has, original first, then by coverage}.

    Computed from what is translated and live, never from what a form claims: the
    share of the original course's pages (course, modules, lessons, quizzes) with a live
    translation. Three queries whatever the number of courses.
    """
    courses = list(courses)
    if not courses:
        return {}
    # Nobody's own data is in it: kept under the tree's version (any page saved,
    # published, unpublished, moved or deleted makes a new one).
    return caching.remember(
        lambda: "lms:coverage:{}:{}".format(
            caching.tree_version(), ",".join(str(course.pk) for course in courses)
        ),
        lambda: _language_coverage(courses),
        local=("pages",),
    )


def _language_coverage(courses: list) -> dict[int, list[LanguageCoverage]]:
    from wagtail.models import Page

    originals: dict = {}
    for key, path, code in (
        CoursePage.objects.filter(translation_key__in={c.translation_key for c in courses})
        .order_by("-pk")
        .values_list("translation_key", "path", "locale__language_code")
    ):
        originals[key] = (path, code)
    condition = functools.reduce(
        operator.or_, (Q(path__startswith=path) for path, _code in originals.values())
    )
    keys_by_path: dict[str, set] = {path: set() for path, _code in originals.values()}
    depths = {len(path) for path in keys_by_path}
    for path, key in Page.objects.live().filter(condition).values_list("path", "translation_key"):
        for depth in depths:
            if path[:depth] in keys_by_path:
                keys_by_path[path[:depth]].add(key)
    all_keys = set().union(*keys_by_path.values())
    languages_of: dict = {}
    for key, code in (
        Page.objects.live()
        .filter(translation_key__in=all_keys)
        .values_list("translation_key", "locale__language_code")
    ):
        languages_of.setdefault(key, set()).add(code)
    result = {}
    for course in courses:
        path, original = originals[course.translation_key]
        keys = keys_by_path[path]
        entries = []
        for code in site_languages():
            done = sum(code in languages_of.get(key, ()) for key in keys)
            if done:
                entries.append(
                    LanguageCoverage(code, round(100 * done / len(keys)), code == original)
                )
        entries.sort(key=lambda entry: (not entry.original, -entry.percent))
        result[course.pk] = entries
    return result


def language_labels(courses) -> dict[int, list[str]]:
    """{course pk: ["Italian (original)", "fully in English", "Italian with French
    support (20%)"]}: what the catalogue and the course page say (three queries)."""
    labels = {}
    for pk, entries in language_coverage(courses).items():
        original = next((entry.code for entry in entries if entry.original), "")
        labels[pk] = [entry.label(original) for entry in entries]
    return labels


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
    page. The page of courses, their tags and languages come from the cache under the
    tree's and sites' versions (a course published, retagged, translated or moved makes
    a new one), else five queries whatever the number of courses (count, cards, tags,
    languages); the enrolments are one query. A territory filter (cohorts, not pages)
    is read every time.
    """
    filters = {"q": q, "tag": tag, "language": language, "territory": territory}
    if territory or not caching.enabled():
        listing = _catalog_listing(catalog, page_number, per_page, **filters)
    else:
        wanted = hashlib.sha256(
            repr((str(page_number), per_page, q, tag, language)).encode()
        ).hexdigest()[:32]
        listing = caching.remember(
            lambda: "lms:catalogue:{}:{}:{}:{}:{}".format(
                *caching.tree_and_sites_version(), translation.get_language(), catalog.pk, wanted
            ),
            lambda: _catalog_listing(catalog, page_number, per_page, **filters),
            local=("pages", "sites"),
        )
    courses, number, count, tags, languages = listing
    paginator = Paginator(range(count), per_page)
    page = paginator.page(number)
    page.object_list = courses
    enrolled_keys: set = set()
    if courses and user.is_authenticated:
        enrolled_keys = set(
            Enrollment.objects.filter(user=user).values_list("course__translation_key", flat=True)
        )
    cards = [
        CourseCard(
            course,
            course.translation_key in enrolled_keys,
            tags=tags.get(course.pk, []),
            languages=languages.get(course.pk, []),
        )
        for course in courses
    ]
    links = list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
    return CatalogResults(cards=cards, page=page, count=count, page_links=links)


def _catalog_listing(catalog, page_number, per_page, *, q, tag, language, territory) -> tuple:
    """(courses of the page, page number, count, {pk: tag names}, {pk: language
    labels}): what every reader of the same page of the catalogue sees."""
    courses = (
        listed_courses(catalog)
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
        # What is really translated (the course page at least), not what was claimed.
        courses = courses.filter(
            translation_key__in=CoursePage.objects.live()
            .filter(locale__language_code=language)
            .values("translation_key")
        )
    if territory:
        courses = courses.filter(
            translation_key__in=Cohort.objects.filter(territory=territory).values(
                "courses__translation_key"
            )
        )
    page = Paginator(courses, per_page).get_page(page_number)
    listed = list(page.object_list)
    localize_children_urls(listed)  # untranslated cards: no query per card
    remember_own_url_parts(listed)
    ids = [course.pk for course in listed]
    # Tags and languages as plain values: prefetch_related through modelcluster builds
    # a queryset per course, which costs more than the cards themselves.
    tags: dict[int, list[str]] = {}
    languages: dict[int, list[str]] = {}
    if ids:
        pairs = CourseTag.objects.filter(content_object_id__in=ids).order_by("tag__name")
        for course_id, name in pairs.values_list("content_object_id", "tag__name"):
            tags.setdefault(course_id, []).append(name)
        languages = language_labels(listed)
    return listed, page.number, page.paginator.count, tags, languages


def catalog_page() -> CatalogPage | None:
    """The catalogue in the active language (or the original one): kept in the cache
    under the page tree's version, by language."""

    def find():
        catalogs = CatalogPage.objects.live().filter(locale=Locale.get_active())
        return catalogs.first() or CatalogPage.objects.live().order_by("pk").first()

    return caching.remember(
        lambda: f"lms:catalog-page:{caching.tree_version()}:{translation.get_language()}",
        find,
        local=("pages",),
    )


def catalog_tags(*, catalog: CatalogPage) -> list[tuple[str, str]]:
    """(slug, name) of the tags used by the catalogue's courses, for the filter: kept in
    the cache under the tree's version (tags are saved with their course page)."""
    from taggit.models import Tag

    def read():
        tags = (
            Tag.objects.filter(
                courses_coursetag_items__content_object__path__startswith=catalog.path
            )
            .distinct()
            .order_by("name")
        )
        return [(tag.slug, tag.name) for tag in tags]

    return caching.remember(
        lambda: f"lms:catalogue-tags:{caching.tree_version()}:{catalog.pk}",
        read,
        local=("pages",),
    )


@dataclass
class TranslationCell:
    """One page in one language: ``missing``, ``outdated`` (the original was published
    after the translation) or ``current``; ``page`` is the translation, if any."""

    state: str
    page: object = None


@dataclass
class TranslationRow:
    original: object  # the page in the course's original language
    cells: dict  # {language code: TranslationCell}
    ordered: list = field(default_factory=list)  # the cells in the languages' order


def translation_status(course: CoursePage) -> tuple[list[str], list[TranslationRow]]:
    """(the other languages, a row per page of ``course``'s original tree): what is
    missing or outdated in each language. Three queries whatever the course's size."""
    from wagtail.models import Page

    original = (
        CoursePage.objects.filter(translation_key=course.translation_key).order_by("pk").first()
    )
    pages = list(
        Page.objects.filter(path__startswith=original.path)
        .select_related("locale")
        .order_by("path")
        .only("pk", "title", "depth", "path", "translation_key", "last_published_at", "locale")
    )
    source = original.locale.language_code
    languages = [code for code in site_languages() if code != source]
    found: dict = {}
    for page in (
        Page.objects.filter(translation_key__in=[p.translation_key for p in pages])
        .exclude(locale_id=original.locale_id)
        .select_related("locale")
        .only("pk", "title", "live", "translation_key", "last_published_at", "locale")
    ):
        found[(page.translation_key, page.locale.language_code)] = page
    rows = []
    for page in pages:
        cells = {}
        for code in languages:
            translated = found.get((page.translation_key, code))
            if translated is None or not translated.live:
                cells[code] = TranslationCell("missing", translated)
            elif (
                page.last_published_at
                and translated.last_published_at
                and page.last_published_at > translated.last_published_at
            ):
                cells[code] = TranslationCell("outdated", translated)
            else:
                cells[code] = TranslationCell("current", translated)
        rows.append(TranslationRow(page, cells, [cells[code] for code in languages]))
    return languages, rows
