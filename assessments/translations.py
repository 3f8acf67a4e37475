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
