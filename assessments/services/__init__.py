"""Write services of the assessments app (re-exported by concern)."""

from .attempts import (
    attempt_close_expired,
    attempt_create,
    attempt_flags_save,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
    attempts_close_expired,
    response_grade,
)
from .bank import (
    ImportResult,
    category_as_parsed,
    category_get_or_create,
    category_questions,
    question_version_sync,
    questions_export,
    questions_import,
    questions_parse,
    questions_read,
)

__all__ = [
    "ImportResult",
    "attempt_close_expired",
    "attempt_create",
    "attempt_flags_save",
    "attempt_save_answers",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "category_as_parsed",
    "category_get_or_create",
    "category_questions",
    "question_version_sync",
    "questions_export",
    "questions_import",
    "questions_parse",
    "questions_read",
    "response_grade",
]
