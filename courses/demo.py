"""Demo courses, cohorts, sessions and trainees at different stages. Safe to run again.

Called by ``manage.py load_demo`` after ``content.demo`` (home pages) and the demo
accounts exist.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from content.models import HomePage
from lms.accounts.demo import DEMO_PASSWORD
from lms.accounts.models import Territory
from lms.accounts.services import user_signup
from lms.roles import Role

from .demo_content import COURSES
from .models import (
    Attendance,
    CatalogPage,
    Cohort,
    CoursePage,
    Enrollment,
    LessonPage,
    ModulePage,
    WorkshopSession,
)
from .services import (
    attendance_record,
    enrollment_create,
    journal_save,
    lesson_complete,
    session_register,
)

User = get_user_model()
ROME = ZoneInfo("Europe/Rome")

CATALOG = {
    "it": (
        "Corsi",
        "Percorsi di formazione per peer coach, associazioni e personale degli enti "
        "locali. Puoi seguirli dal telefono, al tuo ritmo.",
    ),
    "en": (
        "Courses",
        "Training paths for peer coaches, associations and local-authority staff. "
        "You can follow them on your phone, at your own pace.",
    ),
}

# (email, display name, role, territory, language, organisation, public official)
PEOPLE = [
    (
        "trainer.foggia@impact.example",
        "Davide Colonna",
        Role.TRAINER,
        Territory.FOGGIA,
        "it",
        "",
        False,
    ),
    ("trainer.lecce@impact.example", "Sara Marino", Role.TRAINER, Territory.LECCE, "it", "", False),
    (
        "kwame@impact.example",
        "Kwame Mensah",
        Role.TRAINEE,
        Territory.BARI,
        "en",
        "Ghana Community Bari",
        False,
    ),
    ("lina@impact.example", "Lina Haddad", Role.TRAINEE, Territory.BARI, "ar", "", False),
    (
        "ousmane@impact.example",
        "Ousmane Sow",
        Role.TRAINEE,
        Territory.FOGGIA,
        "fr",
        "Associazione Senegalesi Capitanata",
        False,
    ),
    ("rahel@impact.example", "Rahel Tesfaye", Role.TRAINEE, Territory.FOGGIA, "it", "", False),
    (
        "yusuf@impact.example",
        "Yusuf Karim",
        Role.TRAINEE,
        Territory.LECCE,
        "it",
        "Comunità bangladese del Salento",
        False,
    ),
    (
        "elena.russo@impact.example",
        "Elena Russo",
        Role.TRAINEE,
        Territory.LECCE,
        "it",
        "Comune di Lecce – Servizi sociali",
        True,
    ),
]

COHORTS = [
    # name, territory, trainer e-mail, place, members
    (
        "Bari 2026",
        Territory.BARI,
        "trainer@impact.example",
        "Officina degli Esordi, Bari",
        ["trainee@impact.example", "kwame@impact.example", "lina@impact.example"],
    ),
    (
        "Foggia 2026",
        Territory.FOGGIA,
        "trainer.foggia@impact.example",
        "Biblioteca La Magna Capitana, Foggia",
        ["ousmane@impact.example", "rahel@impact.example"],
    ),
    (
        "Lecce 2026",
        Territory.LECCE,
        "trainer.lecce@impact.example",
        "Manifatture Knos, Lecce",
        ["yusuf@impact.example", "elena.russo@impact.example"],
    ),
]

# How far each person has gone: lessons completed (in order) per course slug.
PROGRESS = {
    "trainee@impact.example": {"percorso-peer-coach": 7, "laboratori-apprendimento-cooperativo": 1},
    "kwame@impact.example": {"percorso-peer-coach": 15, "laboratori-apprendimento-cooperativo": 4},
    "lina@impact.example": {"percorso-peer-coach": 0},
    "ousmane@impact.example": {"percorso-peer-coach": 8, "laboratori-apprendimento-cooperativo": 2},
    "rahel@impact.example": {"percorso-peer-coach": 2},
    "yusuf@impact.example": {"percorso-peer-coach": 4},
    "elena.russo@impact.example": {"laboratori-apprendimento-cooperativo": 3},
}

REFLECTIONS = {
    "chi-e-un-peer-coach": (
        "Quando sono arrivata a Bari, una signora del mio paese mi ha accompagnata all'ufficio "
        "immigrazione. Non parlava al posto mio: mi spiegava prima che cosa mi avrebbero chiesto."
    ),
    "confini-ed-etica": (
        "Per me è difficile non dare consigli: quando vedo una persona in difficoltà vorrei "
        "risolvere io il problema. Devo ricordarmi che la decisione è sua."
    ),
    "ascoltare-per-capire": (
        "Mi sono sentita ascoltata dalla mia insegnante di italiano: ripeteva le mie frasi per "
        "essere sicura di aver capito, senza correggermi subito."
    ),
}

SESSIONS = [
    # title (it), course slug, days from today, hours, online
    (
        "Laboratorio 1: strumenti di tecnologia civica",
        "laboratori-apprendimento-cooperativo",
        -14,
        Decimal("3"),
        False,
    ),
    ("Incontro di gruppo: ascolto attivo", "percorso-peer-coach", -7, Decimal("2"), False),
    (
        "Laboratorio 2: come si fanno le politiche locali",
        "laboratori-apprendimento-cooperativo",
        7,
        Decimal("3"),
        False,
    ),
    (
        "Laboratorio 3: co-progettare con il Comune",
        "laboratori-apprendimento-cooperativo",
        21,
        Decimal("3"),
        True,
    ),
]


def _stream(html: str) -> list:
    return [("paragraph", RichText(html))]


def _publish(page):
    page.save_revision().publish()
    return page


def _catalog(locale_it, locale_en) -> CatalogPage:
    home = HomePage.objects.get(locale=locale_it)
    catalog = CatalogPage.objects.filter(locale=locale_it).first()
    if catalog is None:
        title, intro = CATALOG["it"]
        catalog = CatalogPage(title=title, slug="courses", introduction=intro)
        home.add_child(instance=catalog)
        _publish(catalog)
    if not catalog.has_translation(locale_en):
        translated = catalog.copy_for_translation(locale_en)
        translated.title, translated.introduction = CATALOG["en"]
        _publish(translated)
    # The home page's "Explore the courses" button leads to the catalogue.
    for home_page in HomePage.objects.filter(hero_cta_page__isnull=True):
        target = catalog.get_translation_or_none(home_page.locale)
        if target is not None:
            home_page.hero_cta_page = target
            _publish(home_page)
    return catalog


def _translate(page, locale_en, **fields):
    if page.has_translation(locale_en):
        return
    translated = page.copy_for_translation(locale_en)
    for name, value in fields.items():
        setattr(translated, name, value)
    _publish(translated)


def _course(catalog, data, locale_en, trainers) -> CoursePage:
    course = CoursePage.objects.child_of(catalog).filter(slug=data["slug"]).first()
    it, en = data["it"], data["en"]
    if course is None:
        course = CoursePage(
            slug=data["slug"],
            duration_hours=data["hours"],
            self_enrollment=data["self_enrollment"],
            **it,
        )
        catalog.add_child(instance=course)
        course.tags.add(*data["tags"])
        course.languages.set(Locale.objects.filter(language_code__in=data["languages"]))
        course.trainers.set(trainers)
        _publish(course)
    _translate(course, locale_en, **en)
    for module_data in data["modules"]:
        module = ModulePage.objects.child_of(course).filter(slug=module_data["slug"]).first()
        if module is None:
            title, intro = module_data["it"]
            module = ModulePage(
                title=title,
                slug=module_data["slug"],
                introduction=intro,
                unlock_after_previous=module_data.get("unlock_after_previous", False),
            )
            course.add_child(instance=module)
            _publish(module)
        title, intro = module_data["en"]
        _translate(module, locale_en, title=title, introduction=intro)
        for lesson_data in module_data["lessons"]:
            lesson = LessonPage.objects.child_of(module).filter(slug=lesson_data["slug"]).first()
            if lesson is None:
                title, intro, body, activity, reflection = lesson_data["it"]
                lesson = LessonPage(
                    title=title,
                    slug=lesson_data["slug"],
                    introduction=intro,
                    body=_stream(body),
                    estimated_minutes=lesson_data["minutes"],
                    activity_instructions=activity,
                    reflection_prompt=reflection,
                )
                module.add_child(instance=lesson)
                _publish(lesson)
            title, intro, body, activity, reflection = lesson_data["en"]
            _translate(
                lesson,
                locale_en,
                title=title,
                introduction=intro,
                body=_stream(body),
                activity_instructions=activity,
                reflection_prompt=reflection,
            )
    return course


def _person(email, name, role, territory, language, organisation="", official=False):
    user = User.objects.filter(username=email).first()
    if user is None:
        first, _sep, last = name.partition(" ")
        user = user_signup(
            email=email,
            password=DEMO_PASSWORD,
            display_name=name,
            preferred_language=language,
            territory=territory,
            organisation=organisation,
            role=role,
            consent_language=language,
            first_name=first,
            last_name=last,
        )
        if official:
            user.profile.is_public_official = True
            user.profile.save(update_fields=["is_public_official"])
    return user


def _starts_at(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(17, 30), tzinfo=ROME)


@transaction.atomic
def load() -> None:
    """Create the catalogue, the two demo courses (it + en), cohorts, sessions and progress."""
    locale_it = Locale.objects.get(language_code="it")
    locale_en = Locale.objects.get(language_code="en")
    for row in PEOPLE:
        _person(*row)
    coordinator = User.objects.filter(username="coordinator@impact.example").first()
    trainers = list(
        User.objects.filter(groups__name=Role.TRAINER, username__endswith="@impact.example")
    )

    catalog = _catalog(locale_it, locale_en)
    courses = {data["slug"]: _course(catalog, data, locale_en, trainers) for data in COURSES}
    lessons = {
        slug: list(LessonPage.objects.descendant_of(course).order_by("path"))
        for slug, course in courses.items()
    }

    for name, territory, trainer_email, place, members in COHORTS:
        cohort, _created = Cohort.objects.get_or_create(
            name=name,
            defaults={
                "territory": territory,
                "starts_on": timezone.localdate() - timedelta(days=30),
                "ends_on": timezone.localdate() + timedelta(days=120),
            },
        )
        cohort.courses.add(*courses.values())
        cohort_trainer = User.objects.get(username=trainer_email)
        cohort.trainers.add(cohort_trainer)
        people = [User.objects.get(username=email) for email in members]
        for person in people:
            for slug, done in PROGRESS.get(person.username, {}).items():
                enrollment_create(
                    user=person,
                    course=courses[slug],
                    cohort=cohort,
                    source=Enrollment.Source.COORDINATOR,
                    enrolled_by=coordinator,
                )
                for lesson in lessons[slug][:done]:
                    lesson_complete(user=person, lesson=lesson)
                    if person.username == "trainee@impact.example" and lesson.slug in REFLECTIONS:
                        journal_save(user=person, lesson=lesson, text=REFLECTIONS[lesson.slug])
        for title, slug, days, hours, online in SESSIONS:
            session, _created = WorkshopSession.objects.get_or_create(
                cohort=cohort,
                title=title,
                defaults={
                    "course": courses[slug],
                    "starts_at": _starts_at(days),
                    "hours": hours,
                    "place": "" if online else place,
                    "online_url": (
                        f"https://meet.jit.si/impact-{territory}-{slug[:12]}" if online else ""
                    ),
                    "capacity": 20,
                    "description": "Laboratorio in gruppo misto con personale degli enti locali.",
                },
            )
            session.facilitators.add(cohort_trainer)
            expected = [p for p in people if slug in PROGRESS.get(p.username, {})]
            if session.starts_at < timezone.now():
                if not Attendance.objects.filter(session=session).exists() and expected:
                    statuses = {p.pk: Attendance.Status.PRESENT for p in expected}
                    if len(expected) > 2:
                        statuses[expected[-1].pk] = Attendance.Status.EXCUSED
                    attendance_record(
                        session=session, recorded_by=cohort_trainer, statuses=statuses
                    )
            elif days == 7:
                for person in expected[:2]:
                    session_register(user=person, session=session)
