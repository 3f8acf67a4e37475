"""Writes to the question bank: categories, versions, import and export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments import importers
from assessments.importers import ParsedQuestion, Problem, QuestionImportError
from assessments.interchange import (
    answer_rows,
    question_fields,
    question_to_parsed,
    relative_category,
)
from assessments.models import (
    PATH_SEPARATOR_CHAR,
    Question,
    QuestionAnswer,
    QuestionCategory,
    QuestionVersion,
)
from assessments.snapshots import content_hash, question_data

EXPORTABLE = {
    "gift": importers.GIFT_EXPORTABLE,
    "moodlexml": importers.MOODLE_XML_EXPORTABLE,
}


@transaction.atomic
def category_get_or_create(*, path: str | Iterable[str]) -> QuestionCategory:
    """The category at ``path`` (``"A/B/C"`` or a list of levels), creating what is missing."""
    levels = path.split(PATH_SEPARATOR_CHAR) if isinstance(path, str) else list(path)
    levels = [level.strip() for level in levels if level.strip()]
    if not levels:
        raise ValidationError({"path": "A category path needs at least one name."})
    parent = None
    for name in levels:
        category = QuestionCategory.objects.filter(parent=parent, name=name).first()
        if category is None:
            category = QuestionCategory(parent=parent, name=name[:120])
            category.full_clean(exclude=["full_path"])
            category.save()
        parent = category
    return parent


def _snapshot(question: Question, answers) -> tuple[dict, str]:
    data = question_data(question, answers)
    return data, content_hash(data)


def question_version_sync(*, question: Question, answers=None) -> QuestionVersion:
    """Make ``question.current_version`` match the question as it is now.

    Unchanged: the current version, without a query (starting an attempt syncs every
    question it draws, so the common case must cost nothing). Changed but never
    answered: that version is updated in place. Changed after someone answered it: a
    new version, so past attempts keep what they saw.
    """
    if answers is None:
        answers = list(question.answers.all())
    data, digest = _snapshot(question, answers)
    current = question.current_version
    if current is not None and current.content_hash == digest:
        return current
    return _version_write(question, data, digest)


@transaction.atomic
def _version_write(question: Question, data: dict, digest: str) -> QuestionVersion:
    # Serialise concurrent syncs of the same question (two trainees starting at once).
    Question.objects.select_for_update().filter(pk=question.pk).first()
    latest = question.versions.order_by("-number").first()
    if latest is not None and latest.content_hash == digest:
        version = latest
    elif latest is not None and not latest.responses.exists():
        latest.data, latest.content_hash = data, digest
        latest.save(update_fields=["data", "content_hash"])
        version = latest
    else:
        version = QuestionVersion.objects.create(
            question=question,
            number=(latest.number + 1) if latest else 1,
            data=data,
            content_hash=digest,
        )
    if question.current_version_id != version.pk:
        Question.objects.filter(pk=question.pk).update(current_version=version)
        question.current_version = version
    return version


def _validation_problems(line: int, error: ValidationError) -> list[Problem]:
    problems = []
    for field, messages in error.message_dict.items():
        for message in messages:
            problems.append(
                Problem(line, "%(field)s: %(message)s", {"field": field, "message": message})
            )
    return problems


@dataclass
class ImportResult:
    questions: list[Question]
    categories: list[QuestionCategory]


def questions_parse(*, text: str, fmt: str) -> list[ParsedQuestion]:
    """Parse ``text`` in ``fmt`` without saving (the preview). Raises QuestionImportError."""
    return importers.parse(text, fmt)


@transaction.atomic
def questions_import(*, text: str, fmt: str, category_path: str, user=None) -> ImportResult:
    """Import every question of ``text`` under ``category_path``, all or nothing.

    Categories written in the file (``$CATEGORY:``) become subcategories of
    ``category_path``. Raises :class:`QuestionImportError` with each problem and its
    line; then nothing is saved.
    """
    parsed = questions_parse(text=text, fmt=fmt)
    root = category_get_or_create(path=category_path)
    categories: dict[tuple[str, ...], QuestionCategory] = {(): root}
    problems: list[Problem] = []
    saved: list[Question] = []
    for item in parsed:
        levels = tuple(relative_category(item.category))
        if levels not in categories:
            categories[levels] = category_get_or_create(
                path=[*root.full_path.split(PATH_SEPARATOR_CHAR), *levels]
            )
        question = Question(category=categories[levels], created_by=user, **question_fields(item))
        try:
            question.full_clean(exclude=["tags", "current_version"])
        except ValidationError as error:
            problems.extend(_validation_problems(item.line, error))
            continue
        if item.tags:
            # Cluster tags are kept in memory and written by save().
            question.tags.add(*[tag[:100] for tag in item.tags])
        question.save()
        answers = answer_rows(item)
        for answer in answers:
            answer.question = question
        QuestionAnswer.objects.bulk_create(answers)
        question_version_sync(question=question, answers=answers)
        saved.append(question)
    if problems:
        # Roll back everything saved so far: the bank stays as it was.
        raise QuestionImportError(problems)
    return ImportResult(questions=saved, categories=list(categories.values()))


def category_questions(category: QuestionCategory, *, include_subcategories: bool = True):
    """The questions of ``category`` (and below), with answers and tags prefetched."""
    questions = Question.objects.select_related("category").prefetch_related("answers", "tags")
    if include_subcategories:
        questions = questions.filter(
            category__in=QuestionCategory.objects.filter(category.descendant_filter())
        )
    else:
        questions = questions.filter(category=category)
    return questions.order_by("category__full_path", "pk")


def category_as_parsed(category: QuestionCategory) -> list[ParsedQuestion]:
    """The questions of ``category`` and below as neutral questions, categories relative."""
    prefix = category.full_path + PATH_SEPARATOR_CHAR
    parsed = []
    for question in category_questions(category):
        path = question.category.full_path
        relative = path[len(prefix) :] if path.startswith(prefix) else ""
        parsed.append(
            question_to_parsed(
                question,
                list(question.answers.all()),
                [tag.name for tag in question.tags.all()],
                category=relative,
            )
        )
    return parsed


def questions_export(*, category: QuestionCategory, fmt: str) -> tuple[str, list[ParsedQuestion]]:
    """``category`` and its subcategories as a GIFT or Moodle XML file.

    Returns the file text and the questions left out because the format cannot
    express their type (GIFT has no ordering; neither has Likert scales).
    """
    parsed = category_as_parsed(category)
    exportable = EXPORTABLE[fmt]
    kept = [item for item in parsed if item.qtype in exportable]
    skipped = [item for item in parsed if item.qtype not in exportable]
    writer = importers.export_gift if fmt == "gift" else importers.export_moodle_xml
    return writer(kept), skipped
