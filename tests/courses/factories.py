"""Builders for the course tree and the transactional records around it."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from courses.models import CatalogPage, Cohort, CoursePage, LessonPage, ModulePage, WorkshopSession


def make_catalog(home, *, title="Corsi", slug="courses") -> CatalogPage:
    catalog = CatalogPage(title=title, slug=slug, introduction="Tutti i corsi")
    home.add_child(instance=catalog)
    return catalog


def make_course(
    catalog,
    *,
    title="Percorso peer coach",
    slug=None,
    modules=2,
    lessons=2,
    activity=False,
    unlock_after_previous=False,
    tags=(),
    languages=("it",),
    **fields,
) -> CoursePage:
    """A live course with ``modules`` modules of ``lessons`` lessons each."""
    course = CoursePage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        summary=fields.pop("summary", f"Sommario di {title}"),
        duration_hours=fields.pop("duration_hours", 10),
        **fields,
    )
    catalog.add_child(instance=course)
    for tag in tags:
        course.tags.add(tag)
    if languages:
        course.languages.set(Locale.objects.filter(language_code__in=languages))
    course.save()
    for m in range(1, modules + 1):
        module = ModulePage(
            title=f"{title} – modulo {m}",
            slug=f"modulo-{m}",
            unlock_after_previous=unlock_after_previous and m > 1,
        )
        course.add_child(instance=module)
        for n in range(1, lessons + 1):
            module.add_child(
                instance=LessonPage(
                    title=f"Lezione {m}.{n}",
                    slug=f"lezione-{m}-{n}",
                    estimated_minutes=10,
                    activity_instructions="<p>Fai l'esercizio.</p>" if activity else "",
                    reflection_prompt="Che cosa hai imparato?",
                )
            )
    return course


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def translate_tree(page, locale_code="en", *, suffix=" (EN)"):
    """Translate ``page`` and its descendants, publishing each translation."""
    locale = Locale.objects.get(language_code=locale_code)
    pages = [page, *page.get_descendants().specific().order_by("path")]
    translations = []
    for original in pages:
        original = original.specific
        translated = original.copy_for_translation(locale, copy_parents=True)
        translated.title = original.title + suffix
        translated.save_revision().publish()
        translations.append(translated)
    return translations[0]


def make_cohort(*courses, name="Bari 2026", territory="bari", trainers=()) -> Cohort:
    cohort = Cohort.objects.create(name=name, territory=territory)
    cohort.courses.set(courses)
    cohort.trainers.set(trainers)
    return cohort


def make_session(cohort, course, *, days=7, capacity=10, hours=2, **fields) -> WorkshopSession:
    return WorkshopSession.objects.create(
        cohort=cohort,
        course=course,
        title=fields.pop("title", "Laboratorio"),
        starts_at=timezone.now() + timedelta(days=days),
        hours=hours,
        place=fields.pop("place", "Bari, Officina degli Esordi"),
        capacity=capacity,
        **fields,
    )


def modules_of(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))
