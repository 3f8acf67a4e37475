"""Writes to the question bank: categories, versions, import and export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from taggit.models import Tag
from wagtail.search.backends import get_search_backends

from assessments import importers
from assessments.importers import ParsedQuestion, Problem, QuestionImportError
from assessments.importers.encoding import decode
from assessments.interchange import (
    answer_rows,
    parsed_hash,
    question_fields,
    question_to_parsed,
    relative_category,
)
from assessments.models import (
    PATH_SEPARATOR_CHAR,
    Question,
    QuestionAnswer,
    QuestionCategory,
    QuestionTag,
    QuestionVersion,
)
from assessments.snapshots import content_hash, question_data
from lms import caching

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
    caching.bump("questions")  # the versions kept for starting attempts
    return version


def _validation_problems(line: int, error: ValidationError) -> list[Problem]:
    problems = []
    for name, messages in error.message_dict.items():
        for message in messages:
            problems.append(
                Problem(line, "%(field)s: %(message)s", {"field": name, "message": message})
            )
    return problems


MSG_NO_QUESTIONS = gettext_lazy("no questions found: the file holds no question to import")
# Fields whose checks need the database or are set by the import itself.
_NOT_CHECKED = ["category", "tags", "current_version", "created_by", "rubric", "source_hash"]


@dataclass
class ReadResult:
    """A file read without saving: what an import would bring in."""

    questions: list[ParsedQuestion]
    #: The unsupported questions left out (``skip_unsupported``), as problems whose
    #: ``unsupported`` says ``number``, ``type`` and ``name``.
    skipped: list[Problem] = field(default_factory=list)
    #: What was read as Moodle reads it (``~=``), by line.
    notes: list[Problem] = field(default_factory=list)


@dataclass
class ImportResult:
    """What an import did. Questions are kept as ids (a big file has tens of thousands):
    the properties load them, in file order."""

    question_ids: list[int]
    categories: list[QuestionCategory]
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    unchanged_ids: list[int] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    #: Set when the file was not UTF-8 ("read as Windows-1252").
    encoding_note: Problem | None = None

    @staticmethod
    def _load(ids: list[int]) -> list[Question]:
        found = Question.objects.in_bulk(ids)
        return [found[pk] for pk in ids]

    @property
    def questions(self) -> list[Question]:
        return self._load(self.question_ids)

    @property
    def created(self) -> list[Question]:
        return self._load(self.created_ids)

    @property
    def updated(self) -> list[Question]:
        return self._load(self.updated_ids)

    @property
    def unchanged(self) -> list[Question]:
        return self._load(self.unchanged_ids)

    @property
    def summary(self) -> str:
        """``n new, n updated, n unchanged`` in the active language."""
        return _("%(new)d new, %(updated)d updated, %(unchanged)d unchanged") % {
            "new": len(self.created_ids),
            "updated": len(self.updated_ids),
            "unchanged": len(self.unchanged_ids),
        }


def _language_variants(item: ParsedQuestion) -> dict:
    """Split a multilingual question once: its texts keep the source language's
    variant and the others wait in ``item.translations`` (``importers.languages``)."""
    if item.translations is None:
        from django.conf import settings

        from assessments.importers.languages import language_variants_apply
        from assessments.translations import source_language

        source = source_language()
        item.translations = language_variants_apply(
            item,
            source=source,
            languages=tuple(code for code, _name in settings.LANGUAGES if code != source),
        )
    return item.translations


def _translations_save(items: list[tuple[ParsedQuestion, int]], user) -> None:
    """Save the language variants read from the file as the questions' translations
    (answers matched by position: the file's order is the answers' order)."""
    from assessments.translations import question_translation_save

    wanted = {pk: item.translations for item, pk in items if item.translations}
    if not wanted:
        return
    for question in Question.objects.filter(pk__in=list(wanted)).prefetch_related("answers"):
        keys = [answer.key for answer in question.answers.all()]
        for language, texts in wanted[question.pk].items():
            answers = {
                key: words
                for key, words in zip(keys, texts.get("answers", ()), strict=False)
                if words
            }
            question_translation_save(
                question=question,
                language=language,
                texts={**{k: v for k, v in texts.items() if k != "answers"}, "answers": answers},
                user=user,
            )


def _field_problems(parsed: Iterable[ParsedQuestion]) -> list[Problem]:
    """What the model fields would refuse, checked in memory (no query)."""
    problems = []
    for item in parsed:
        _language_variants(item)
        try:
            Question(**question_fields(item)).clean_fields(exclude=_NOT_CHECKED)
        except ValidationError as error:
            problems.extend(_validation_problems(item.line, error))
    return problems


def questions_read(*, text: str, fmt: str, skip_unsupported: bool = False) -> ReadResult:
    """Read ``text`` without saving, with every problem of the file in one error.

    With ``skip_unsupported``, questions of a type the bank cannot hold are left out
    (listed in ``skipped``) instead of refusing the file. A file without any question
    to import is refused ("no questions found").
    """
    skipped: list[Problem] = []
    try:
        parsed = importers.parse(text, fmt)
        problems: list[Problem] = []
    except QuestionImportError as error:
        parsed, problems = error.questions, error.problems
        if skip_unsupported:
            skipped = [problem for problem in problems if problem.unsupported]
            problems = [problem for problem in problems if not problem.unsupported]
    problems += _field_problems(parsed)
    if problems:
        raise QuestionImportError(problems, parsed)
    if not parsed:
        raise QuestionImportError([Problem(0, MSG_NO_QUESTIONS)])
    notes = sorted((note for item in parsed for note in item.notes), key=lambda n: n.line)
    return ReadResult(parsed, skipped, notes)


def questions_parse(*, text: str, fmt: str) -> list[ParsedQuestion]:
    """Parse ``text`` in ``fmt`` without saving (the preview). Raises QuestionImportError."""
    return questions_read(text=text, fmt=fmt).questions


def _tags_attach(pairs: list[tuple[Question, list[str]]]) -> None:
    """Tag new questions in a few queries (bulk inserts bypass the cluster manager)."""
    names = {name[:100] for _question, tags in pairs for name in tags}
    if not names:
        return
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - tags.keys()):
        tags[name] = Tag.objects.create(name=name)
    QuestionTag.objects.bulk_create(
        [
            QuestionTag(content_object=question, tag=tags[name[:100]])
            for question, names_of in pairs
            for name in dict.fromkeys(names_of)
        ],
        batch_size=_BATCH,
    )


_BATCH = 500


def _create_many(items: list[tuple[ParsedQuestion, QuestionCategory, str]], user) -> list[Question]:
    """Insert new questions, their answers, tags and first versions in bulk."""
    questions = [
        Question(category=category, created_by=user, source_hash=digest, **question_fields(item))
        for item, category, digest in items
    ]
    Question.objects.bulk_create(questions, batch_size=_BATCH)
    answers_of = []
    for question, (item, _category, _digest) in zip(questions, items, strict=True):
        answers = answer_rows(item)
        for answer in answers:
            answer.question = question
        answers_of.append(answers)
    QuestionAnswer.objects.bulk_create(
        [answer for answers in answers_of for answer in answers], batch_size=_BATCH
    )
    versions = []
    for question, answers in zip(questions, answers_of, strict=True):
        data, digest = _snapshot(question, answers)
        versions.append(
            QuestionVersion(question=question, number=1, data=data, content_hash=digest)
        )
    QuestionVersion.objects.bulk_create(versions, batch_size=_BATCH)
    ids = [question.pk for question in questions]
    # One UPDATE: each new question's current version is its only one.
    Question.objects.filter(pk__in=ids).update(
        current_version=Subquery(
            QuestionVersion.objects.filter(question=OuterRef("pk")).values("pk")[:1]
        )
    )
    for question, version in zip(questions, versions, strict=True):
        question.current_version = version
    _tags_attach([(q, item.tags) for q, (item, _c, _d) in zip(questions, items, strict=True)])
    # Bulk inserts send no signals: index the batch as a task, enqueued inside the
    # transaction (gone if the import is rolled back; in production the worker does it),
    # and a new version of the bank for what starting an attempt keeps.
    questions_index.enqueue(ids)
    caching.bump("questions")
    return questions


@task()
def questions_index(question_ids: list[int]) -> None:
    """Add imported questions to the search index (what ``save()`` would have done)."""
    questions = list(Question.objects.filter(pk__in=question_ids))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Question, questions)


def _update(question: Question, item: ParsedQuestion, digest: str) -> None:
    """Bring ``question`` to the file's content; answered versions stay as they were."""
    for name, value in question_fields(item).items():
        setattr(question, name, value)
    question.source_hash = digest
    question.tags.set([tag[:100] for tag in item.tags])
    question.save()
    question.answers.all().delete()
    answers = answer_rows(item)
    for answer in answers:
        answer.question = question
    QuestionAnswer.objects.bulk_create(answers)
    caching.bump("questions")  # bulk inserts send no signals
    question_version_sync(question=question, answers=answers)


class _Importer:
    """Saves questions batch by batch, matching each with what the bank already has."""

    def __init__(self, root: QuestionCategory, user) -> None:
        self.root, self.user = root, user
        self.categories: dict[tuple[str, ...], QuestionCategory] = {(): root}
        # Per category: ID number → pk, and content hash → [pk, …] (ids only: small).
        self.by_idnumber: dict[int, dict[str, int]] = {}
        self.by_hash: dict[int, dict[str, list[int]]] = {}
        self.hash_of: dict[int, str] = {}
        self.used: set[int] = set()
        self.order: list[int] = []
        self.created: list[int] = []
        self.updated: list[int] = []
        self.unchanged: list[int] = []

    def category(self, item: ParsedQuestion) -> QuestionCategory:
        levels = tuple(relative_category(item.category))
        category = self.categories.get(levels)
        if category is None:
            category = category_get_or_create(
                path=[*self.root.full_path.split(PATH_SEPARATOR_CHAR), *levels]
            )
            self.categories[levels] = category
        if item.category_info and not category.description:
            category.description = item.category_info
            category.save(update_fields=["description"])
        if category.pk not in self.by_hash:
            by_idnumber: dict[str, int] = {}
            by_hash: dict[str, list[int]] = {}
            rows = Question.objects.filter(category=category).order_by("pk")
            for pk, idnumber, digest in rows.values_list("pk", "idnumber", "source_hash"):
                if idnumber:
                    by_idnumber.setdefault(idnumber, pk)
                by_hash.setdefault(digest, []).append(pk)
                self.hash_of[pk] = digest
            self.by_idnumber[category.pk], self.by_hash[category.pk] = by_idnumber, by_hash
        return category

    def match(self, category: QuestionCategory, item: ParsedQuestion, digest: str) -> int | None:
        if item.idnumber:
            pk = self.by_idnumber[category.pk].get(item.idnumber)
            if pk is not None and pk not in self.used:
                return pk
        return next(
            (pk for pk in self.by_hash[category.pk].get(digest, []) if pk not in self.used), None
        )

    def add(self, items: list[ParsedQuestion]) -> None:
        slots: list[int | None] = []
        new: list[tuple[ParsedQuestion, QuestionCategory, str]] = []
        changed: dict[int, tuple[ParsedQuestion, str]] = {}
        for item in items:
            _language_variants(item)
            category = self.category(item)
            digest = parsed_hash(item)
            pk = self.match(category, item, digest)
            if pk is None:
                slots.append(None)
                new.append((item, category, digest))
                continue
            self.used.add(pk)
            slots.append(pk)
            if self.hash_of.get(pk) == digest:
                self.unchanged.append(pk)
            else:
                changed[pk] = (item, digest)
        if changed:
            for question in Question.objects.filter(pk__in=list(changed)):
                _update(question, *changed[question.pk])
            self.updated += [pk for pk in slots if pk in changed]
        created = iter(question.pk for question in _create_many(new, self.user)) if new else None
        placed = []
        for item, pk in zip(items, slots, strict=True):
            if pk is None:
                pk = next(created)
                self.created.append(pk)
            self.order.append(pk)
            placed.append((item, pk))
        _translations_save(placed, self.user)

    def result(self, **extra) -> ImportResult:
        return ImportResult(
            self.order,
            list(self.categories.values()),
            self.created,
            self.updated,
            self.unchanged,
            **extra,
        )


def _batches(items: Iterable[ParsedQuestion]) -> Iterator[list[ParsedQuestion]]:
    batch: list[ParsedQuestion] = []
    for item in items:
        batch.append(item)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_gift(lines: Callable[[], Iterable[str]]) -> list[Problem]:
    """First pass over a GIFT file: every problem at once, keeping nothing but notes."""
    problems: list[Problem] = []
    notes: list[Problem] = []
    count = 0
    for questions, found in importers.iter_gift(lines()):
        problems += found
        problems += _field_problems(questions)
        count += len(questions)
        for question in questions:
            notes += question.notes
    if problems:
        raise QuestionImportError(problems)
    if not count:
        raise QuestionImportError([Problem(0, MSG_NO_QUESTIONS)])
    return notes


def _file_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", newline=None) as handle:
        yield from handle


def questions_import(
    *,
    fmt: str,
    category_path: str,
    text: str | None = None,
    path: Path | None = None,
    user=None,
    skip_unsupported: bool = False,
) -> ImportResult:
    """Import the questions of ``text`` (or of the file at ``path``) under
    ``category_path``, all or nothing.

    Categories written in the file (``$CATEGORY:``, ``<question type="category">``)
    become subcategories of ``category_path``. Importing the same file again changes
    nothing: a question is matched by its ID number, else by its content within its
    category; unchanged ones are left alone, changed ones (matched by ID number) are
    updated, and an answered question gets a new version so past attempts keep theirs.

    A GIFT file is read twice, streaming: once to find every problem (nothing saved if
    there is one), once to save the questions in batches; memory stays flat whatever
    the size. A file that is not UTF-8 is decoded as a whole (see ``encoding.decode``).

    Raises :class:`QuestionImportError` with each problem and its line; then nothing
    is saved.
    """
    encoding_note = None
    if text is None and path is not None:
        try:
            if fmt != "gift":
                raise UnicodeDecodeError("utf-8", b"", 0, 1, "read whole")
            for _line in _file_lines(path):
                pass
        except UnicodeDecodeError:
            decoded = decode(path.read_bytes())
            text, encoding_note = decoded.text, decoded.note
    skipped: list[Problem] = []
    if fmt == "gift":
        if text is not None:
            source = text

            def lines():
                return importers.text_lines(source)
        else:

            def lines():
                return _file_lines(path)

        notes = _check_gift(lines)
        batches = _batches(
            q for questions, _found in importers.iter_gift(lines()) for q in questions
        )
    else:
        read = questions_read(text=text, fmt=fmt, skip_unsupported=skip_unsupported)
        notes, skipped = read.notes, read.skipped
        batches = _batches(read.questions)
    with transaction.atomic():
        importer = _Importer(category_get_or_create(path=category_path), user)
        for batch in batches:
            importer.add(batch)
    return importer.result(skipped=skipped, notes=notes, encoding_note=encoding_note)


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
