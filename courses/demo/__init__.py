"""Demo courses, cohorts, sessions and trainees at different stages. Safe to run again.

The catalogue, cohorts and sessions are in ``catalogue.toml``, each course (Italian with
its English translation) in ``<slug>.toml``; people are keys of the demo people list
(``lms.accounts.demo``). Called by ``manage.py load_demo`` after ``content.demo``.
"""

import tomllib
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from content.models import HomePage
from lms.accounts import demo as people_demo

from ..models import (
    AttendanceEntry,
    CatalogPage,
    Cohort,
    CoursePage,
    Enrollment,
    LessonPage,
    ModulePage,
    WorkshopSession,
)
from ..services import (
    attendance_record,
    enrollment_create,
    journal_save,
    lesson_complete,
    session_register,
)
from . import term

HERE = Path(__file__).parent
ROME = ZoneInfo("Europe/Rome")
LESSON_TEXTS = ["title", "introduction", "body", "activity_instructions", "reflection_prompt"]


def _read(name: str) -> dict:
    return tomllib.loads((HERE / name).read_text(encoding="utf-8"))


DATA = _read("catalogue.toml")
COURSES = [_read(f"{slug}.toml") for slug in DATA["courses"]]


def _publish(page):
    page.save_revision().publish()
    return page


def _lesson_fields(texts: dict) -> dict:
    fields = {name: texts.get(name, "") for name in LESSON_TEXTS}
    fields["body"] = [("paragraph", RichText(fields["body"]))]
    return fields


TRANSLATED = ("en", "fr", "ar")


def _translate(page, locale, **fields):
    if page.has_translation(locale):
        return
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    _publish(translated)


def _translate_all(page, data: dict, fields=lambda texts: texts) -> None:
    """A copy of ``page`` in each language ``data`` has texts for (en, fr, ar); a page
    without texts in a language stays Italian-only there (the fallback is shown)."""
    for code in TRANSLATED:
        if code in data:
            _translate(page, Locale.objects.get(language_code=code), **fields(data[code]))


def _catalog(locale_it, locale_en) -> CatalogPage:
    home = HomePage.objects.get(locale=locale_it)
    catalog = CatalogPage.objects.filter(locale=locale_it).first()
    if catalog is None:
        catalog = CatalogPage(slug="courses", **DATA["catalogue"]["it"])
        home.add_child(instance=catalog)
        _publish(catalog)
    _translate_all(catalog, DATA["catalogue"])
    # The home page's "Explore the courses" button leads to the catalogue.
    for home_page in HomePage.objects.filter(hero_cta_page__isnull=True):
        target = catalog.get_translation_or_none(home_page.locale)
        if target is not None:
            home_page.hero_cta_page = target
            _publish(home_page)
    return catalog


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _course(catalog, data, locale_en, trainers) -> CoursePage:
    course = _child(catalog, CoursePage, data["slug"])
    if course is None:
        course = CoursePage(
            slug=data["slug"],
            duration_hours=data["hours"],
            self_enrollment=data["self_enrollment"],
            **data["it"],
        )
        catalog.add_child(instance=course)
        course.tags.add(*data["tags"])
        course.languages.set(Locale.objects.filter(language_code__in=data["languages"]))
        course.trainers.set(trainers)
        _publish(course)
    _translate_all(course, data)
    for module_data in data["modules"]:
        module = _child(course, ModulePage, module_data["slug"])
        if module is None:
            module = ModulePage(
                slug=module_data["slug"],
                unlock_after_previous=module_data.get("unlock_after_previous", False),
                **module_data["it"],
            )
            course.add_child(instance=module)
            _publish(module)
        _translate_all(module, module_data)
        for lesson_data in module_data["lessons"]:
            lesson = _child(module, LessonPage, lesson_data["slug"])
            if lesson is None:
                lesson = LessonPage(
                    slug=lesson_data["slug"],
                    estimated_minutes=lesson_data["minutes"],
                    **_lesson_fields(lesson_data["it"]),
                )
                module.add_child(instance=lesson)
                _publish(lesson)
            _translate_all(lesson, lesson_data, _lesson_fields)
    return course


def _starts_at(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(17, 30), tzinfo=ROME)


def _cohort(data, courses, lessons, coordinator) -> None:
    """The cohort with its trainer, its members' enrolments and progress, and sessions."""
    cohort, _created = Cohort.objects.get_or_create(
        name=data["name"],
        defaults={
            "territory": data["territory"],
            "starts_on": timezone.localdate() - timedelta(days=30),
            "ends_on": timezone.localdate() + timedelta(days=120),
        },
    )
    cohort.courses.add(*courses.values())
    trainer = people_demo.person(data["trainer"])
    cohort.trainers.add(trainer)
    members = dict(zip(data["members"], people_demo.people(data["members"]), strict=True))
    for key, person in members.items():
        journal = DATA["journal"].get(key, {})
        for slug, done in DATA["progress"].get(key, {}).items():
            enrollment_create(
                user=person,
                course=courses[slug],
                cohort=cohort,
                source=Enrollment.Source.COORDINATOR,
                enrolled_by=coordinator,
            )
            for lesson in lessons[slug][:done]:
                lesson_complete(user=person, lesson=lesson)
                if lesson.slug in journal:
                    journal_save(user=person, lesson=lesson, text=journal[lesson.slug])
    for session_data in DATA["sessions"]:
        slug, online = session_data["course"], session_data.get("online", False)
        session, _created = WorkshopSession.objects.get_or_create(
            cohort=cohort,
            title=session_data["title"],
            defaults={
                "course": courses[slug],
                "starts_at": _starts_at(session_data["days_from_today"]),
                "hours": Decimal(session_data["hours"]),
                "place": "" if online else data["place"],
                "online_url": (
                    f"https://meet.jit.si/impact-{data['territory']}-{slug[:12]}" if online else ""
                ),
                "capacity": 20,
                "description": DATA["session_description"],
            },
        )
        session.facilitators.add(trainer)
        expected = [p for key, p in members.items() if slug in DATA["progress"].get(key, {})]
        if session.starts_at < timezone.now():
            # Past sessions have their register: everyone present, the last of three excused.
            if not AttendanceEntry.objects.filter(session=session).exists() and expected:
                statuses = {p.pk: AttendanceEntry.Status.PRESENT for p in expected}
                if len(expected) > 2:
                    statuses[expected[-1].pk] = AttendanceEntry.Status.EXCUSED
                attendance_record(session=session, recorded_by=trainer, statuses=statuses)
        elif session_data["days_from_today"] == 7:
            # Next week's session: the first two have registered.
            for person in expected[:2]:
                session_register(user=person, session=session)


@transaction.atomic
def load() -> None:
    """Create the catalogue, the demo courses (it + en), cohorts, sessions and progress."""
    locale_it = Locale.objects.get(language_code="it")
    locale_en = Locale.objects.get(language_code="en")
    trainers = people_demo.people(DATA["trainers"])
    coordinator = people_demo.person("marco")
    catalog = _catalog(locale_it, locale_en)
    courses = {data["slug"]: _course(catalog, data, locale_en, trainers) for data in COURSES}
    lessons = {
        slug: list(LessonPage.objects.descendant_of(course).order_by("path"))
        for slug, course in courses.items()
    }
    for data in DATA["cohorts"]:
        _cohort(data, courses, lessons, coordinator)
    term.load(cohorts=DATA["cohorts"], courses=courses, lessons=lessons, coordinator=coordinator)
