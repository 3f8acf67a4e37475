"""Synthetic data at scale for benchmarks: ``manage.py generate_load_data --size S|M|L``.

Pages (courses, modules, lessons, quizzes) are created through Wagtail's tree API,
about 1,100 at size L; everything else (people, enrolments, progress, attempts,
answers, evidence, ratings) with ``bulk_create`` in big batches. One password hash is
computed once and shared by every generated account.

Everything generated is recognisable: accounts are ``bench-…@impact.example``, course
slugs start with ``bench-course-``, cohorts with ``Bench ``, the question category is
``Bench``. The demo (``load_demo``) is loaded first: it brings the site, the
catalogue, the competency framework and a certificate template.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from assessments.demo import competencies as demo_competencies
from assessments.models import (
    Attempt,
    Competency,
    CompetencyRating,
    Evidence,
    Question,
    QuestionCategory,
    QuestionVersion,
    QuizPage,
    QuizSlot,
    Response,
    RuleType,
)
from assessments.services import question_version_sync, questions_import
from certificates import demo as certificates_demo
from content import demo as content_demo
from content.models import StandardPage
from courses.models import (
    CatalogPage,
    Cohort,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
)
from lms.accounts import demo as accounts_demo
from lms.accounts.models import ConsentRecord, Profile, Territory
from lms.db import allow_erasure

PASSWORD = "bench-load-2026"  # noqa: S105 — synthetic accounts for local benchmarks only
PREFIX = "bench-"
DOMAIN = "impact.example"
TRAINER = f"{PREFIX}trainer@{DOMAIN}"
COORDINATOR = f"{PREFIX}coordinator@{DOMAIN}"
CATEGORY = "Bench"
COHORT_SIZE = 40
STORM_QUIZ_SLUG = "quiz-storm"
PRACTICE_QUIZ_SLUG = "quiz-practice"
STORM_QUESTIONS = 20
PRACTICE_QUESTIONS = 5
BATCH = 5000


def trainee_email(number: int) -> str:
    """The login of generated trainee ``number`` (1-based)."""
    return f"{PREFIX}trainee-{number:05d}@{DOMAIN}"


@dataclass(frozen=True)
class Size:
    learners: int
    courses: int
    modules: int  # per course
    lessons: int  # per module
    attempts: int
    evidence: int
    courses_per_learner: int = 3


SIZES = {
    "S": Size(learners=100, courses=5, modules=4, lessons=5, attempts=1_000, evidence=2_500),
    "M": Size(learners=2_000, courses=20, modules=4, lessons=5, attempts=20_000, evidence=50_000),
    "L": Size(
        learners=20_000, courses=50, modules=4, lessons=5, attempts=200_000, evidence=500_000
    ),
    # For tests only: the smallest data set that exercises every step.
    "XS": Size(learners=6, courses=2, modules=2, lessons=2, attempts=12, evidence=20),
}


class LoadDataError(Exception):
    """The data cannot be generated as asked (it exists already, or no catalogue)."""


def exists() -> bool:
    return get_user_model().objects.filter(username__startswith=PREFIX).exists()


@transaction.atomic
def reset() -> None:
    """Remove everything a previous run generated."""
    allow_erasure()  # the generated people's evidence goes with them, as on erasure
    User = get_user_model()
    bench_users = User.objects.filter(username__startswith=PREFIX)
    # Evidence refuses Model.delete(); a queryset delete is the erasure path.
    Evidence.objects.filter(user__in=bench_users).delete()
    courses = list(CoursePage.objects.filter(slug__startswith=f"{PREFIX}course-"))
    Attempt.objects.filter(user__in=bench_users).delete()
    for course in courses:
        Attempt.objects.filter(quiz__path__startswith=course.path).delete()
    bench_users.delete()
    Cohort.objects.filter(name__startswith="Bench ").delete()
    for course in courses:
        course.delete()
    for page in StandardPage.objects.filter(slug=MINIMAL_SLUG):
        page.delete()
    categories = QuestionCategory.objects.filter(full_path__startswith=CATEGORY)
    questions = Question.objects.filter(category__in=categories)
    questions.update(current_version=None)
    QuestionVersion.objects.filter(question__in=questions).delete()
    questions.delete()
    for category in categories.order_by("-full_path"):
        category.delete()


def _log(out, message: str, started: float) -> None:
    if out is not None:
        out(f"[{time.perf_counter() - started:7.1f} s] {message}")


def _copy(model, rows) -> int:
    """Insert ``rows`` (unsaved instances, no primary key) with PostgreSQL's COPY, which
    is several times faster than INSERT for the big tables; elsewhere bulk_create."""
    if connection.vendor != "postgresql":
        _bulk(model, rows)
        return len(rows)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 — names from the model
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in rows:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    return len(rows)


def _bulk(model, rows, batch=BATCH):
    made = []
    for start in range(0, len(rows), batch):
        made.extend(model.objects.bulk_create(rows[start : start + batch], batch_size=batch))
    return made


def _questions(count: int, name: str):
    """``count`` single-choice questions in category ``Bench/name``, with versions."""
    path = f"{CATEGORY}/{name}"
    lines = []
    for i in range(1, count + 1):
        lines.append(
            f"::{name} {i}::Domanda {i}: quale pratica aiuta un pari? / Question {i}: "
            "which practice helps a peer? {\n"
            "=Ascoltare senza giudicare / Listen without judging\n"
            "~Decidere al suo posto / Decide for them\n"
            "~Promettere un risultato / Promise a result\n"
            "~Parlare di sé / Talk about yourself\n}\n"
        )
    result = questions_import(text="\n".join(lines), fmt="gift", category_path=path)
    questions = list(
        Question.objects.filter(pk__in=[q.pk for q in result.questions]).order_by("pk")
    )
    versions = [question_version_sync(question=q) for q in questions]
    return list(zip(questions, versions, strict=True))


def _quiz(module, *, slug: str, title: str, questions) -> object:
    quiz = QuizPage(
        title=title,
        slug=slug,
        introduction="Quiz generato per le misure di carico.",
        max_attempts=0,
        questions_per_page=0,
        shuffle_answers=True,
        review_correct_answers="after_submit",
    )
    for question, _version in questions:
        quiz.slots.add(QuizSlot(kind="fixed", question=question))
    module.add_child(instance=quiz)
    return quiz


def _pages(size: Size, catalog, storm_questions, practice_questions, out, started):
    """Courses → modules → lessons, a practice quiz in the first module of each course,
    and the 20-question storm quiz in the last module of the first course."""
    courses, lessons_by_course, practice = [], {}, {}
    paragraph = (
        "<p>Il peer coach ascolta, fa domande aperte e aiuta a trovare soluzioni proprie. "
        "Questa lezione è generata per misurare il servizio delle pagine.</p>"
    )
    for c in range(size.courses):
        course = CoursePage(
            title=f"Bench course {c + 1:02d}",
            slug=f"{PREFIX}course-{c + 1:02d}",
            summary="Un percorso generato per le misure di carico. A generated path.",
            duration_hours=10,
            self_enrollment=True,
        )
        catalog.add_child(instance=course)
        courses.append(course)
        lessons_by_course[course.pk] = []
        for m in range(size.modules):
            module = ModulePage(
                title=f"Modulo {m + 1}", slug=f"modulo-{m + 1}", introduction="Modulo generato."
            )
            course.add_child(instance=module)
            for n in range(size.lessons):
                lesson = LessonPage(
                    title=f"Lezione {m + 1}.{n + 1}",
                    slug=f"lezione-{n + 1}",
                    introduction="Una lezione generata.",
                    estimated_minutes=15,
                    body=[
                        ("heading", {"text": f"Lezione {m + 1}.{n + 1}", "level": "h2"}),
                        ("paragraph", paragraph),
                        ("paragraph", paragraph),
                    ],
                    activity_instructions="<p>Prova con un collega e segna la lezione.</p>",
                    reflection_prompt="Che cosa hai imparato?",
                )
                module.add_child(instance=lesson)
                lessons_by_course[course.pk].append(lesson)
            if m == 0:
                practice[course.pk] = _quiz(
                    module,
                    slug=PRACTICE_QUIZ_SLUG,
                    title="Quiz di pratica",
                    questions=practice_questions,
                )
            if c == 0 and m == size.modules - 1:
                _quiz(
                    module,
                    slug=STORM_QUIZ_SLUG,
                    title="Quiz di 20 domande",
                    questions=storm_questions,
                )
        _log(out, f"course {c + 1}/{size.courses} with its pages", started)
    return courses, lessons_by_course, practice


MINIMAL_SLUG = "bench-minimal"


def _minimal_page(catalog):
    """The baseline: a StandardPage with one short paragraph, beside the catalogue."""
    home = catalog.get_parent().specific
    if not StandardPage.objects.filter(slug=MINIMAL_SLUG).exists():
        home.add_child(
            instance=StandardPage(
                title="Bench minimal page",
                slug=MINIMAL_SLUG,
                body=[("paragraph", "<p>Una pagina minima.</p>")],
            )
        )


def _people(size: Size, rng: random.Random):
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once, shared by every account
    territories = [Territory.BARI, Territory.FOGGIA, Territory.LECCE]
    now = timezone.now()
    users = [
        User(
            username=trainee_email(i),
            email=trainee_email(i),
            password=password,
            first_name="Bench",
            last_name=f"Trainee {i:05d}",
            date_joined=now,
        )
        for i in range(1, size.learners + 1)
    ]
    staff = [
        User(username=email, email=email, password=password, first_name="Bench", last_name=role)
        for email, role in ((TRAINER, "Trainer"), (COORDINATOR, "Coordinator"))
    ]
    learners = _bulk(User, users)
    trainer, coordinator = _bulk(User, staff)
    learners = list(User.objects.filter(username__in=[u.username for u in users]).order_by("pk"))
    trainer = User.objects.get(username=TRAINER)
    coordinator = User.objects.get(username=COORDINATOR)
    profiles = [
        Profile(
            user=user,
            display_name=f"Bench Trainee {i + 1:05d}",
            territory=territories[(i // COHORT_SIZE) % 3],
            preferred_language="it",
        )
        for i, user in enumerate(learners)
    ]
    profiles += [
        Profile(user=trainer, display_name="Bench Trainer", territory=Territory.BARI),
        Profile(user=coordinator, display_name="Bench Coordinator", territory=Territory.BARI),
    ]
    _bulk(Profile, profiles)
    # Every generated learner has given the required consent, as a real trainee has
    # (without it the pending-consent step would answer every trainee page with a redirect).
    _bulk(
        ConsentRecord,
        [
            ConsentRecord(
                user=user,
                purpose=purpose,
                text_version=settings.CONSENT_TEXT_VERSION,
                language="it",
                channel=ConsentRecord.Channel.SIGNUP,
                given_at=now,
            )
            for user in learners
            for purpose in ConsentRecord.REQUIRED_PURPOSES
        ],
    )
    groups = {
        g.name: g for g in Group.objects.filter(name__in=["trainee", "trainer", "coordinator"])
    }
    Through = User.groups.through
    memberships = [Through(user_id=u.pk, group_id=groups["trainee"].pk) for u in learners]
    memberships += [
        Through(user_id=trainer.pk, group_id=groups["trainer"].pk),
        Through(user_id=coordinator.pk, group_id=groups["coordinator"].pk),
    ]
    _bulk(Through, memberships)
    return learners, trainer, coordinator


def _learning(size, rng, learners, trainer, coordinator, courses, lessons_by_course):
    """Cohorts of 40 (each following one course), enrolments and lesson progress.

    Everyone follows the first course (so load users can open its lessons and quiz)
    plus two others; a cohort's own course carries the cohort on the enrolment."""
    now = timezone.now()
    cohort_count = (len(learners) + COHORT_SIZE - 1) // COHORT_SIZE
    territories = ["bari", "foggia", "lecce"]
    cohorts = _bulk(
        Cohort,
        [
            Cohort(
                name=f"Bench {k + 1:04d}",
                territory=territories[k % 3],
                starts_on=date(2026, 9, 1),
            )
            for k in range(cohort_count)
        ],
    )
    cohorts = list(Cohort.objects.filter(name__startswith="Bench ").order_by("name"))
    # Cohort k follows course k mod N; cohort 1 follows the first course and has the
    # bench trainer, so the trainer's pages show 40 learners at every size.
    _bulk(
        Cohort.courses.through,
        [
            Cohort.courses.through(cohort_id=cohort.pk, coursepage_id=courses[k % len(courses)].pk)
            for k, cohort in enumerate(cohorts)
        ],
    )
    Cohort.trainers.through.objects.create(cohort_id=cohorts[0].pk, user_id=trainer.pk)
    enrollments, progress = [], []
    for i, user in enumerate(learners):
        k = i // COHORT_SIZE
        own = courses[k % len(courses)]
        chosen = [own]
        if own is not courses[0]:
            chosen.append(courses[0])
        others = [c for c in courses if c not in chosen]
        chosen += rng.sample(others, min(size.courses_per_learner - len(chosen), len(others)))
        for course in chosen:
            lessons = lessons_by_course[course.pk]
            done = int(len(lessons) * rng.random() ** 2)
            enrollments.append(
                Enrollment(
                    user_id=user.pk,
                    course_id=course.pk,
                    cohort_id=cohorts[k].pk if course is own else None,
                    source="coordinator" if course is own else "self",
                    enrolled_by_id=coordinator.pk if course is own else None,
                    last_lesson_id=lessons[done - 1].pk if done else None,
                    last_activity_at=now - timedelta(days=rng.randint(0, 60)) if done else None,
                    completed_at=now if done == len(lessons) else None,
                )
            )
            progress.extend(
                LessonProgress(
                    user_id=user.pk,
                    lesson_id=lesson.pk,
                    course_id=course.pk,
                    completed_at=now - timedelta(days=rng.randint(0, 60)),
                )
                for lesson in lessons[:done]
            )
    _bulk(Enrollment, enrollments)
    _copy(LessonProgress, progress)
    enrolled = {}
    for e in enrollments:
        enrolled.setdefault(e.user_id, []).append(e.course_id)
    return cohorts, enrolled, len(enrollments), len(progress)


def _attempts(size, rng, learners, enrolled, practice, practice_questions):
    """Graded attempts on the practice quizzes, five answered questions each."""
    now = timezone.now()
    numbers: dict[tuple[int, int], int] = {}
    total_attempts = total_responses = 0
    remaining = size.attempts
    while remaining > 0:
        chunk = min(remaining, 20_000)
        remaining -= chunk
        attempts, marks = [], []
        for _ in range(chunk):
            user = learners[rng.randrange(len(learners))]
            quiz = practice[rng.choice(enrolled[user.pk])]
            number = numbers[(quiz.pk, user.pk)] = numbers.get((quiz.pk, user.pk), 0) + 1
            right = [rng.random() < 0.7 for _q in practice_questions]
            started = now - timedelta(days=rng.randint(1, 90), minutes=rng.randint(0, 600))
            attempts.append(
                Attempt(
                    quiz_id=quiz.pk,
                    user_id=user.pk,
                    number=number,
                    state=Attempt.State.GRADED,
                    started_at=started,
                    submitted_at=started + timedelta(minutes=8),
                    graded_at=started + timedelta(minutes=8),
                    score=Decimal(sum(right)),
                    max_score=Decimal(len(right)),
                )
            )
            marks.append(right)
        attempts = Attempt.objects.bulk_create(attempts, batch_size=BATCH)
        responses = []
        for attempt, right in zip(attempts, marks, strict=True):
            for position, ((question, version), ok) in enumerate(
                zip(practice_questions, right, strict=True), start=1
            ):
                keys = [a["key"] for a in version.data.get("answers", [])]
                correct = next(
                    (
                        a["key"]
                        for a in version.data.get("answers", [])
                        if Decimal(a["fraction"]) > 0
                    ),
                    keys[0] if keys else "",
                )
                wrong = next((k for k in keys if k != correct), correct)
                responses.append(
                    Response(
                        attempt_id=attempt.pk,
                        position=position,
                        question_id=question.pk,
                        version_id=version.pk,
                        order=keys,
                        answer=correct if ok else wrong,
                        saved_at=attempt.submitted_at,
                        score=Decimal(1 if ok else 0),
                        max_score=Decimal(1),
                        graded_at=attempt.graded_at,
                    )
                )
        _copy(Response, responses)
        total_attempts += len(attempts)
        total_responses += len(responses)
    return total_attempts, total_responses


def _competencies(size, rng, learners, trainer):
    """Evidence rows spread over the learners and the framework's competencies, and a
    stored rating per learner for every competency the heat map shows."""
    leaves = list(
        Competency.objects.filter(parent__isnull=False).values("pk", "rule_type", "parent_id")
    )
    if not leaves:
        return 0, 0
    columns = list(Competency.objects.filter(parent__isnull=False, parent__parent__isnull=True))
    today = date.today()
    evidence = []
    total = 0
    for _ in range(size.evidence):
        user = learners[rng.randrange(len(learners))]
        comp = leaves[rng.randrange(len(leaves))]
        if rng.random() < 0.6:
            row = Evidence(kind="quiz_item", score=Decimal(rng.randint(0, 100)) / 100)
        else:
            row = Evidence(kind="observation", level=rng.randint(0, 4), recorded_by_id=trainer.pk)
        row.user_id = user.pk
        row.competency_id = comp["pk"]
        row.observed_on = today - timedelta(days=rng.randint(0, 120))
        row.source = "bench"
        evidence.append(row)
        if len(evidence) >= BATCH * 4:
            total += _copy(Evidence, evidence)
            evidence = []
    if evidence:
        total += _copy(Evidence, evidence)
    now = timezone.now()
    ratings = []
    for user in learners:
        for column in columns:
            level = rng.choice([None, 0, 1, 2, 3, 4])
            ratings.append(
                CompetencyRating(
                    user_id=user.pk,
                    competency_id=column.pk,
                    level=level,
                    proficient=level is not None and level >= 3,
                    rule_type=column.rule_type or RuleType.LATEST_TRAINER,
                    detail={},
                    rated_at=now,
                )
            )
    _copy(CompetencyRating, ratings)
    return total, len(ratings)


def _light_demo() -> None:
    """What the bench needs of the demo, without its courses, lab and question banks:
    the site and home page, a catalogue, the competency framework and a certificate
    template (for ``bench-smoke``, where every second counts)."""
    accounts_demo.load()
    home = content_demo.load()
    if not CatalogPage.objects.exists():
        catalog = CatalogPage(title="Corsi", slug="courses", introduction="I percorsi.")
        home.add_child(instance=catalog)
    demo_competencies.load()
    certificates_demo.load()


def generate(
    size_name: str,
    *,
    do_reset: bool = False,
    seed: int = 2026,
    out=None,
    demo: bool | str = True,
) -> dict:
    """Generate the data set ``size_name``; returns the row counts and timings."""
    size = SIZES[size_name]
    started = time.perf_counter()
    if exists():
        if not do_reset:
            raise LoadDataError("Bench data already exists: run with --reset to replace it.")
        reset()
        _log(out, "previous bench data removed", started)
    if demo == "light":
        _light_demo()
        _log(out, "light demo loaded (site, catalogue, framework, certificate template)", started)
    elif demo:
        call_command("load_demo", stdout=io.StringIO())
        _log(out, "demo loaded (site, catalogue, framework, certificate template)", started)
    rng = random.Random(seed)  # noqa: S311 — synthetic data, not security
    catalog = CatalogPage.objects.order_by("pk").first()
    if catalog is None:
        raise LoadDataError("There is no course catalogue: load the demo first.")
    with transaction.atomic():
        storm_questions = _questions(STORM_QUESTIONS, "Storm")
        practice_questions = _questions(PRACTICE_QUESTIONS, "Practice")
        courses, lessons_by_course, practice = _pages(
            size, catalog, storm_questions, practice_questions, out, started
        )
        _minimal_page(catalog)
    _log(
        out, f"{len(courses)} courses, {sum(map(len, lessons_by_course.values()))} lessons", started
    )
    with transaction.atomic():
        learners, trainer, coordinator = _people(size, rng)
    _log(out, f"{len(learners)} learners, a trainer and a coordinator", started)
    with transaction.atomic():
        cohorts, enrolled, n_enrol, n_progress = _learning(
            size, rng, learners, trainer, coordinator, courses, lessons_by_course
        )
    _log(out, f"{len(cohorts)} cohorts, {n_enrol} enrolments, {n_progress} lessons done", started)
    with transaction.atomic():
        n_attempts, n_responses = _attempts(
            size, rng, learners, enrolled, practice, practice_questions
        )
    _log(out, f"{n_attempts} attempts, {n_responses} answers", started)
    with transaction.atomic():
        n_evidence, n_ratings = _competencies(size, rng, learners, trainer)
    _log(out, f"{n_evidence} evidence rows, {n_ratings} ratings", started)
    _analyze()
    _log(out, "planner statistics updated", started)
    return {
        "size": size_name,
        "learners": len(learners),
        "courses": len(courses),
        "lessons": sum(map(len, lessons_by_course.values())),
        "cohorts": len(cohorts),
        "enrollments": n_enrol,
        "lesson_progress": n_progress,
        "attempts": n_attempts,
        "answers": n_responses,
        "evidence": n_evidence,
        "ratings": n_ratings,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum would later;
    without it PostgreSQL plans the first minutes of queries on empty-table guesses."""
    if connection.vendor in ("postgresql", "sqlite"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
