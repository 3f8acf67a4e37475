"""Demo data: question banks for the peer-coach modules, practice quizzes and a final quiz.

Idempotent: what exists is left alone. The banks come from the GIFT files in
``demo_data/`` (Italian with English), imported like a trainer would import them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import (
    Question,
    QuestionCategory,
    QuizPage,
    QuizSlot,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from .services import question_version_sync, questions_import

DATA = Path(__file__).resolve().parent / "demo_data"
ROOT = "Percorso peer coach"
COURSE_SLUG = "percorso-peer-coach"
#: (module slug, category name, GIFT file)
MODULES = [
    ("ruolo-peer-coach", "Ruolo del peer coach", "01-ruolo-peer-coach.gift"),
    ("ascolto-e-domande", "Ascolto e domande", "02-ascolto-e-domande.gift"),
    ("processi-partecipativi", "Processi partecipativi", "03-processi-partecipativi.gift"),
    ("istituzioni-e-politiche", "Istituzioni e politiche", "04-istituzioni-e-politiche.gift"),
    ("iniziative-sostenibili", "Iniziative sostenibili", "05-iniziative-sostenibili.gift"),
    ("gestire-associazione", "Gestire un'associazione", "06-gestire-associazione.gift"),
]
RUBRIC = "Risposta aperta / Open answer"


def _rubric() -> Rubric:
    rubric = Rubric.objects.filter(name=RUBRIC).first()
    if rubric is None:
        rubric = Rubric(
            name=RUBRIC,
            description="Per le risposte aperte del percorso. / For the path's open answers.",
        )
        for name in ("Pertinenza / Relevance", "Chiarezza / Clarity", "Esempi / Examples"):
            rubric.criteria.add(RubricCriterion(name=name))
        for label, points in (
            ("Non ancora / Not yet", 0),
            ("In parte / Partly", 1),
            ("Pienamente / Fully", 2),
        ):
            rubric.levels.add(RubricLevel(label=label, points=Decimal(points)))
        rubric.save()
    return rubric


def _bank(rubric: Rubric) -> dict[str, QuestionCategory]:
    categories = {}
    for slug, name, filename in MODULES:
        path = f"{ROOT}/{name}"
        category = QuestionCategory.objects.filter(full_path=path).first()
        if category is None:
            result = questions_import(
                text=(DATA / filename).read_text(encoding="utf-8"), fmt="gift", category_path=path
            )
            category = result.categories[0]
            for essay in Question.objects.filter(
                pk__in=[q.pk for q in result.questions], qtype="essay"
            ):
                essay.rubric = rubric
                essay.default_mark = Decimal(4)
                essay.save()
                question_version_sync(question=essay)
        categories[slug] = category
    return categories


def practice_quiz(module, category: QuestionCategory) -> QuizPage:
    """Five random questions of the module, as many tries as wanted, feedback at once."""
    quiz = QuizPage.objects.child_of(module).filter(slug="quiz-pratica").first()
    if quiz is not None:
        return quiz
    quiz = QuizPage(
        title=f"Quiz di pratica – {module.title}",
        slug="quiz-pratica",
        introduction="Cinque domande per ripassare il modulo. Puoi riprovare quando vuoi.",
        grading_method="highest",
        review_correct_answers="after_submit",
    )
    quiz.slots.add(QuizSlot(kind="random", category=category, include_subcategories=False, count=5))
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


def final_quiz(module, categories) -> QuizPage:
    """The path's timed final quiz: three questions from each module, 20 minutes, 2 tries."""
    quiz = QuizPage.objects.child_of(module).filter(slug="quiz-finale").first()
    if quiz is not None:
        return quiz
    quiz = QuizPage(
        title="Quiz finale del percorso",
        slug="quiz-finale",
        introduction="Diciotto domande su tutto il percorso. Hai 20 minuti e due tentativi.",
        time_limit_minutes=20,
        max_attempts=2,
        questions_per_page=6,
        shuffle_questions=True,
        pass_mark=Decimal(60),
        review_correct_answers="after_close",
    )
    for category in categories:
        quiz.slots.add(
            QuizSlot(kind="random", category=category, include_subcategories=False, count=3)
        )
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


@transaction.atomic
def load() -> dict[str, QuestionCategory]:
    """Load the banks; with the peer-coach course present, its quizzes too."""
    categories = _bank(_rubric())
    from courses.models import CoursePage, ModulePage

    course = CoursePage.objects.filter(slug=COURSE_SLUG).order_by("pk").first()
    if course is None:
        return categories
    modules = {module.slug: module for module in ModulePage.objects.child_of(course)}
    present = [slug for slug, _name, _file in MODULES if slug in modules]
    for slug in present:
        practice_quiz(modules[slug], categories[slug])
    if present:
        final_quiz(modules[present[-1]], [categories[slug] for slug in present])
    return categories
