"""Frozen question data: what a trainee saw and what their answer is marked against.

A snapshot is a plain JSON-able dict built from a :class:`~assessments.models.Question`
and its answers. Decimals are stored as strings so that nothing is lost to floats.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def question_data(question, answers) -> dict:
    """The snapshot of ``question`` with ``answers`` (its answers, in order)."""
    return {
        "qtype": question.qtype,
        "name": question.name,
        "text": question.text,
        "text_format": question.text_format,
        "general_feedback": question.general_feedback,
        "general_feedback_format": question.general_feedback_format,
        "default_mark": _dec(question.default_mark),
        "shuffle": question.shuffle_answers,
        "case_sensitive": question.case_sensitive,
        "correct": question.correct_answer,
        "feedback_true": question.feedback_true,
        "feedback_true_format": question.feedback_true_format,
        "feedback_false": question.feedback_false,
        "feedback_false_format": question.feedback_false_format,
        "rubric": question.rubric_id,
        "answers": [
            {
                "key": answer.key,
                "text": answer.text,
                "text_format": answer.text_format,
                "fraction": _dec(answer.fraction),
                "feedback": answer.feedback,
                "feedback_format": answer.feedback_format,
                "value": _dec(answer.value),
                "tolerance": _dec(answer.tolerance),
                "match": answer.match_text,
            }
            for answer in answers
        ],
    }


def content_hash(data: dict) -> str:
    """A stable digest of a snapshot, to tell whether a question changed."""
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()
