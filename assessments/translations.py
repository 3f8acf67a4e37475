"""Question translations: which texts a translator writes, their state, and the
question as a reader sees it in their language.

Only words are translated. Keys, marks, order and (for short answers) the accepted
answers stay those of the canonical version, so grading, answer tokens and item
statistics are the same in every language.
"""

from __future__ import annotations

import copy
import hashlib
import json

from django.conf import settings
from django.db import transaction

from .models import Question, QuestionTranslation

MISSING, OUTDATED, CURRENT = "missing", "outdated", "current"
QUESTION_FIELDS = ("text", "general_feedback", "feedback_true", "feedback_false")
# Short answers: the answer text is what a trainee's reply is matched against, so it
# is graded, not shown; only its feedback is translated.
_ANSWER_TEXT_NOT_SHOWN = {"short_answer", "numerical"}


def source_language() -> str:
    """The language questions are written in (the site's source language)."""
    return settings.LANGUAGE_CODE


def answer_fields(data: dict) -> tuple[str, ...]:
    """The translatable fields of each answer of a question of this snapshot's type."""
    if data["qtype"] in _ANSWER_TEXT_NOT_SHOWN:
        return ("feedback",)
    if data["qtype"] == "matching":
        return ("text", "match", "feedback")
    return ("text", "feedback")


def translatable_texts(data: dict) -> dict:
    """The texts of a snapshot a translator translates (empty ones left out)."""
    fields = answer_fields(data)
    return {
        **{name: data.get(name) or "" for name in QUESTION_FIELDS},
        "answers": {
            answer["key"]: {name: answer.get(name) or "" for name in fields}
            for answer in data["answers"]
        },
    }


def texts_digest(data: dict) -> str:
    """A digest of the translatable texts of a snapshot: it changes with the source."""
    encoded = json.dumps(translatable_texts(data), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def source_data(question: Question) -> dict:
    """The question as it is now (prefetch ``answers`` to spare a query per question)."""
    from .snapshots import question_data

    return question_data(question, list(question.answers.all()))


def translation_state(data: dict, translation: QuestionTranslation | None) -> str:
    """``missing``, ``outdated`` (the source texts ``data`` changed since the translation
    was made) or ``current``."""
    if translation is None:
        return MISSING
    if texts_digest(data) != translation.source_digest:
        return OUTDATED
    return CURRENT


def translations_for(question_ids, language: str) -> dict[int, QuestionTranslation]:
    """{question id: its translation into ``language``} in one query."""
    if language == source_language():
        return {}
    return {
        translation.question_id: translation
        for translation in QuestionTranslation.objects.filter(
            question_id__in=set(question_ids), language=language
        )
    }


def translated_data(data: dict, translation: QuestionTranslation | None) -> dict | None:
    """``data`` with the translation's words, or ``None`` when the translation was made
    from other source texts (then the reader sees the source, marked as such)."""
    if translation is None or translation.source_digest != texts_digest(data):
        return None
    result = copy.deepcopy(data)
    for name in QUESTION_FIELDS:
        if getattr(translation, name):
            result[name] = getattr(translation, name)
    fields = answer_fields(data)
    for answer in result["answers"]:
        words = translation.answers.get(answer["key"], {})
        for name in fields:
            if words.get(name):
                answer[name] = words[name]
    return result


@transaction.atomic
def question_translation_save(
    *, question: Question, language: str, texts: dict, user=None
) -> QuestionTranslation:
    """Save ``question``'s texts in ``language`` as a translation of its current version.

    ``texts``: the question fields and ``answers`` ({key: {field: text}}); keys that are
    not the question's are dropped.
    """
    from .services import question_version_sync

    version = question_version_sync(question=question)
    fields = answer_fields(version.data)
    keys = {answer["key"] for answer in version.data["answers"]}
    answers = {
        key: {name: (words.get(name) or "").strip() for name in fields}
        for key, words in (texts.get("answers") or {}).items()
        if key in keys
    }
    translation, _created = QuestionTranslation.objects.update_or_create(
        question=question,
        language=language,
        defaults={
            **{name: (texts.get(name) or "").strip() for name in QUESTION_FIELDS},
            "answers": answers,
            "source_version": version,
            "source_digest": texts_digest(version.data),
            "translated_by": user,
        },
    )
    return translation


# --- Reads for the translation screens -----------------------------------------------


def course_questions(course):
    """The questions a course's quizzes ask: fixed questions, and every question of the
    categories its random slots draw from (two queries to build, one to read)."""
    from django.db.models import Q

    from .models import QuestionCategory, QuizSlot

    slots = QuizSlot.objects.filter(
        quiz__path__startswith=course.path, quiz__locale_id=course.locale_id
    ).select_related("category")
    condition = Q(pk__in=[])
    for slot in slots:
        if slot.question_id:
            condition |= Q(pk=slot.question_id)
        elif slot.category_id:
            condition |= (
                Q(category__in=QuestionCategory.objects.filter(
                    slot.category.descendant_filter()))
                if slot.include_subcategories
                else Q(category_id=slot.category_id)
            )  # fmt: skip
    return Question.objects.filter(condition).order_by("category__full_path", "name", "pk")


def question_rows(course, languages) -> list[dict]:
    """A row per question of ``course``: the question and its state in each language."""
    questions = list(course_questions(course).prefetch_related("answers", "translations"))
    rows = []
    for question in questions:
        data = source_data(question)
        made = {t.language: t for t in question.translations.all()}
        rows.append(
            {
                "question": question,
                "states": {code: translation_state(data, made.get(code)) for code in languages},
            }
        )
    return rows


def translation_items(course, languages):
    """The Translations screen's count of ``course``'s questions (``lms.hooks``)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from lms.hooks import TranslationItems

    rows = question_rows(course, languages)
    if not rows:
        return None
    return TranslationItems(
        label=gettext("Questions"),
        total=len(rows),
        translated={c: sum(r["states"][c] == CURRENT for r in rows) for c in languages},
        outdated={c: sum(r["states"][c] == OUTDATED for r in rows) for c in languages},
        url=reverse("assessments_question_translations", args=[course.pk]),
    )


def question_translatable_by(user, question) -> bool:
    """Whether ``user`` may translate ``question``: it is asked in a course they may
    translate (coordinators: any question)."""
    from courses.selectors import translatable_courses
    from lms.roles import is_coordinator

    if user.is_superuser or is_coordinator(user):
        return True
    return any(
        course_questions(course).filter(pk=question.pk).exists()
        for course in translatable_courses(user)
    )
