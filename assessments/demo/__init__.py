"""Demo data: question banks for the peer-coach modules, practice quizzes and a final quiz.

Idempotent: what exists is left alone. The banks are the GIFT files here (Italian with
English), imported through ``questions_import`` as ``manage.py import_questions`` does;
``banks.toml`` says which file goes where, the rubric and the quizzes' settings. The
competency framework is in ``competencies``.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ..models import (
    Question,
    QuestionCategory,
    QuizPage,
    QuizSlot,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from ..services import question_version_sync, questions_import

HERE = Path(__file__).parent
DATA = tomllib.loads((HERE / "banks.toml").read_text(encoding="utf-8"))
COURSE_SLUG = DATA["course"]
#: (module slug, category name, GIFT file)
MODULES = [(module["slug"], module["category"], module["file"]) for module in DATA["modules"]]


def _rubric() -> Rubric:
    data = DATA["rubric"]
    rubric = Rubric.objects.filter(name=data["name"]).first()
    if rubric is None:
        rubric = Rubric(name=data["name"], description=data["description"])
        for name in data["criteria"]:
            rubric.criteria.add(RubricCriterion(name=name))
        for level in data["levels"]:
            rubric.levels.add(RubricLevel(label=level["label"], points=Decimal(level["points"])))
        rubric.save()
    return rubric


def _bank(rubric: Rubric) -> dict[str, QuestionCategory]:
    categories = {}
    for slug, name, filename in MODULES:
        path = f"{DATA['root']}/{name}"
        category = QuestionCategory.objects.filter(full_path=path).first()
        if category is None:
            result = questions_import(
                text=(HERE / filename).read_text(encoding="utf-8"), fmt="gift", category_path=path
            )
            category = result.categories[0]
            # GIFT has no rubric: the open answers get the path's one, and more marks.
            for essay in Question.objects.filter(
                pk__in=[q.pk for q in result.questions], qtype="essay"
            ):
                essay.rubric = rubric
                essay.default_mark = Decimal(DATA["rubric"]["essay_mark"])
                essay.save()
                question_version_sync(question=essay)
        categories[slug] = category
    return categories


def _quiz(module, settings: dict, categories, count: int, fixed=()) -> QuizPage:
    """The module's quiz ``settings["slug"]`` (once): the ``fixed`` questions, then
    ``count`` random questions of each category (never one already chosen)."""
    texts = {code: settings.pop(code) for code in ("en", "fr", "ar") if code in settings}
    quiz = QuizPage.objects.child_of(module).filter(slug=settings["slug"]).first()
    if quiz is None:
        quiz = _quiz_create(module, settings, categories, count, fixed)
    _quiz_translate(quiz, module, texts)
    return quiz


def _quiz_translate(quiz, module, texts: dict) -> None:
    """The quiz's copy in each language of ``texts`` whose module copy exists; the
    slots stay the canonical quiz's (attempts are pinned to it)."""
    from wagtail.models import Locale

    for code, words in texts.items():
        locale = Locale.objects.filter(language_code=code).first()
        translated_module = module.get_translation_or_none(locale) if locale else None
        if translated_module is None or quiz.has_translation(locale):
            continue
        copy = quiz.copy_for_translation(locale)
        copy.title = words["title"].format(module=translated_module.title)
        copy.introduction = words.get("introduction", copy.introduction)
        copy.save_revision().publish()


def _quiz_create(module, settings: dict, categories, count: int, fixed=()) -> QuizPage:
    quiz = QuizPage(**settings)
    for question in fixed:
        quiz.slots.add(QuizSlot(kind="fixed", question=question))
    for category in categories:
        quiz.slots.add(
            QuizSlot(kind="random", category=category, include_subcategories=False, count=count)
        )
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


def practice_quiz(module, category: QuestionCategory) -> QuizPage:
    """Random questions of the module, as many tries as wanted, feedback at once."""
    settings = dict(DATA["practice_quiz"])
    count = settings.pop("questions")
    settings["title"] = settings["title"].format(module=module.title)
    # The module's open answer in every attempt: the grading queue has work, and a
    # graded essay moves the competencies its category is aligned to.
    essays = Question.objects.filter(
        category__in=QuestionCategory.objects.filter(category.descendant_filter()), qtype="essay"
    ).order_by("pk")[:1]
    fixed = list(essays) if settings.pop("essay", False) else []
    return _quiz(module, settings, [category], count, fixed)


def final_quiz(module, categories) -> QuizPage:
    """The path's timed final quiz: random questions from each module, two tries."""
    settings = dict(DATA["final_quiz"])
    count = settings.pop("questions_per_module")
    settings["pass_mark"] = Decimal(settings["pass_mark"])
    return _quiz(module, settings, categories, count)


def _translations(categories) -> None:
    """The banks' questions in English, French and Arabic (``translations/<bank>.toml``):
    saved as question translations, as a trainer would on the translation screen.
    Idempotent: a translation already up to date is left alone."""
    from ..translations import (
        CURRENT,
        QUESTION_FIELDS,
        question_translation_save,
        source_data,
        translation_state,
    )

    for slug, _name, filename in MODULES:
        path = HERE / "translations" / filename.replace(".gift", ".toml")
        if not path.exists() or slug not in categories:
            continue
        entries = tomllib.loads(path.read_text(encoding="utf-8"))["question"]
        questions = {
            question.name: question
            for question in Question.objects.filter(
                category__in=QuestionCategory.objects.filter(categories[slug].descendant_filter())
            ).prefetch_related("answers", "translations")
        }
        for entry in entries:
            question = questions.get(entry["name"])
            if question is None:
                continue
            data = source_data(question)
            made = {t.language: t for t in question.translations.all()}
            keys = [answer["key"] for answer in data["answers"]]
            for language, words in entry.items():
                if language == "name" or translation_state(data, made.get(language)) == CURRENT:
                    continue
                answers = {key: {} for key in keys}
                for field, listed in (("text", "answers"), ("feedback", "feedback"),
                                      ("match", "matches")):  # fmt: skip
                    for key, text in zip(keys, words.get(listed, ()), strict=False):
                        answers[key][field] = text
                question_translation_save(
                    question=question,
                    language=language,
                    texts={**{f: words.get(f, "") for f in QUESTION_FIELDS}, "answers": answers},
                )


@transaction.atomic
def load() -> dict[str, QuestionCategory]:
    """Load the banks and their translations; with the peer-coach course present, its
    quizzes too."""
    categories = _bank(_rubric())
    _translations(categories)
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
