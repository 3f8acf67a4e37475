"""Offline use (issue 19.1): what a phone saves for a course, and the outbox sync.

``offline_bundle`` lists what "Save this course for offline" puts in the phone's cache
(the course page, its open lessons, their captions, images in a phone-sized
rendition and recorded audio explanations, with byte sizes). ``offline_sync`` records
what the phone queued while offline ("mark as complete", journal entries): each action
carries a key the phone made, stored as an ``OfflineAction`` with a unique (user, key),
so a sync that is sent again records nothing twice and answers what it answered the first time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms import hooks as lms_hooks

from . import selectors, services
from .exceptions import CourseError, NotAllowed
from .models import CoursePage, LessonPage, OfflineAction, canonical_page

#: How many actions one sync may carry (the phone sends the rest in the next one).
MAX_ACTIONS = 100
#: A journal entry longer than this is refused, as the journal form refuses it.
MAX_TEXT = 5_000
#: A phone-sized image: wide enough for a 390 px screen at 1.25× density.
PHONE_RENDITION = "width-480"
#: What the image block shows (content/blocks/image_block.html): offline, the phone-sized
#: file answers for it.
PAGE_RENDITION = "width-800"
#: A lesson page's HTML beyond its own words (header, menu, forms), roughly.
PAGE_OVERHEAD_BYTES = 9_000
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class SyncPayloadError(CourseError):
    """The sync request is not what the phone sends (a bug or a forged request)."""


# --- What a course saves -------------------------------------------------------------


@dataclass
class BundleItem:
    url: str
    kind: str  # page, transcript, image, audio
    bytes: int
    #: Other addresses the same file answers for offline (an image's page rendition).
    aliases: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"url": self.url, "kind": self.kind, "bytes": self.bytes, "aliases": self.aliases}


def _page_bytes(lesson: LessonPage) -> int:
    words = len(str(lesson.body.raw_data)) + len(lesson.transcript) + len(lesson.introduction)
    words += len(lesson.activity_instructions) + len(lesson.reflection_prompt)
    return PAGE_OVERHEAD_BYTES + words


def _images(lesson: LessonPage):
    for block in lesson.body:
        if block.block_type == "image" and block.value is not None:
            yield block.value


def _audio_explanations(lesson: LessonPage):
    """The recordings of the lesson's audio explanation blocks (mono Opus, small)."""
    for block in lesson.body:
        if block.block_type == "audio_explanation" and block.value.get("audio") is not None:
            yield block.value["audio"]


def _file_size(file) -> int:
    try:
        return file.size
    except (OSError, ValueError):
        return 0


def offline_bundle(*, request, course: CoursePage, enrollment) -> list[BundleItem]:
    """What "Save this course for offline" caches for the enrolled ``request.user``.

    The course page, then each lesson they can open (locked modules are left out) in
    the reader's language, each lesson's captions file, the images of its content
    in a phone-sized rendition and the recordings of its audio explanations, then what
    other apps keep for the open steps (``lms.hooks.OFFLINE_MEDIA``: a practice quiz's
    recorded explanations). Sizes are the files' own; a page's is an estimate.
    """
    outline = selectors.course_outline_for(course=course, user=request.user, enrollment=enrollment)
    items = [BundleItem(course.get_url(request), "page", PAGE_OVERHEAD_BYTES)]
    lesson_items = [
        step
        for module in outline.modules
        if not module.locked
        for step in module.steps
        if step.is_lesson and not step.locked
    ]
    ids = [step.page.pk for step in lesson_items]
    full = LessonPage.objects.select_related("captions_file").in_bulk(ids)
    for step in lesson_items:
        lesson = full.get(step.page.pk)
        if lesson is None:
            continue
        items.append(BundleItem(step.page.get_url(request), "page", _page_bytes(lesson)))
        if lesson.captions_file is not None:
            items.append(
                BundleItem(
                    lesson.captions_file.url, "transcript", _file_size(lesson.captions_file.file)
                )
            )
        for image in _images(lesson):
            small = image.get_rendition(PHONE_RENDITION)
            shown = image.get_rendition(PAGE_RENDITION)
            aliases = [shown.url] if shown.url != small.url else []
            items.append(BundleItem(small.url, "image", _file_size(small.file), aliases))
        for recording in _audio_explanations(lesson):
            items.append(BundleItem(recording.url, "audio", _file_size(recording.file)))
    activities = [
        step.page
        for module in outline.modules
        if not module.locked
        for step in module.steps
        if not step.is_lesson and not step.locked
    ]
    if activities:
        known = {item.url for item in items}
        for media in lms_hooks.offline_media(activities):
            if media.url not in known:
                items.append(BundleItem(media.url, media.kind, media.bytes))
    return items


# --- The outbox sync -----------------------------------------------------------------


@dataclass
class SyncResult:
    key: str
    status: str  # one of OfflineAction.Outcome
    replayed: bool
    message: str

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "status": self.status,
            "replayed": self.replayed,
            "message": self.message,
        }


def _clean_actions(payload) -> list[dict]:
    """The actions of a sync request, checked; a SyncPayloadError names what is wrong."""
    if not isinstance(payload, dict) or not isinstance(payload.get("actions"), list):
        raise SyncPayloadError(_("The request must be a JSON object with a list “actions”."))
    actions = payload["actions"]
    if len(actions) > MAX_ACTIONS:
        raise SyncPayloadError(
            _("Send at most %(count)s actions at a time.") % {"count": MAX_ACTIONS}
        )
    cleaned, seen = [], set()
    for number, action in enumerate(actions, start=1):
        where = {"number": number}
        if not isinstance(action, dict):
            raise SyncPayloadError(_("Action %(number)s is not a JSON object.") % where)
        key = action.get("key")
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise SyncPayloadError(
                _("Action %(number)s: “key” must be 8 to 64 letters, digits, - or _.") % where
            )
        if key in seen:
            raise SyncPayloadError(_("Action %(number)s repeats a key of this request.") % where)
        seen.add(key)
        kind = action.get("type")
        if kind not in OfflineAction.Kind.values:
            raise SyncPayloadError(
                _("Action %(number)s: “type” must be “complete” or “journal”.") % where
            )
        lesson = action.get("lesson")
        if not isinstance(lesson, int) or isinstance(lesson, bool) or lesson < 1:
            raise SyncPayloadError(_("Action %(number)s: “lesson” must be a page id.") % where)
        text = action.get("text", "")
        if kind == OfflineAction.Kind.JOURNAL:
            if not isinstance(text, str) or not text.strip():
                raise SyncPayloadError(
                    _("Action %(number)s: a journal entry needs a “text”.") % where
                )
            if len(text) > MAX_TEXT:
                raise SyncPayloadError(_("Action %(number)s: the text is too long.") % where)
        cleaned.append({"key": key, "type": kind, "lesson": lesson, "text": text})
    return cleaned


def _message(outcome: str, lesson: LessonPage | None) -> str:
    if outcome == OfflineAction.Outcome.DONE:
        return _("Saved.")
    if outcome == OfflineAction.Outcome.NOT_ENROLLED:
        return _("Not saved: you are no longer enrolled in the course of “%(title)s”.") % {
            "title": lesson.title if lesson else ""
        }
    return _("Not saved: this lesson is no longer available.")


def _perform(*, user, action: dict) -> tuple[str, LessonPage | None]:
    lesson = LessonPage.objects.live().filter(pk=action["lesson"]).first()
    if lesson is None:
        return OfflineAction.Outcome.NOT_FOUND, None
    if selectors.enrollment_for_lesson(user=user, lesson=lesson) is None:
        return OfflineAction.Outcome.NOT_ENROLLED, lesson
    try:
        if action["type"] == OfflineAction.Kind.COMPLETE:
            services.lesson_complete(user=user, lesson=lesson)
        else:
            services.journal_save(user=user, lesson=lesson, text=action["text"])
    except NotAllowed:
        return OfflineAction.Outcome.NOT_ENROLLED, lesson
    return OfflineAction.Outcome.DONE, lesson


def offline_sync(*, user, payload) -> list[SyncResult]:
    """Record the actions ``user``'s phone queued offline; one result per action.

    Idempotent per action: an action whose key was received before is not done again,
    and its result is the first one (``replayed`` set). An action for a lesson the
    person is no longer enrolled in, or that is gone, is recorded with that outcome, so
    the phone can drop it and say so. Raises SyncPayloadError (nothing recorded) when
    the request is malformed.
    """
    results = []
    for action in _clean_actions(payload):
        results.append(_sync_one(user=user, action=action))
    return results


def _replay(*, user, key: str) -> SyncResult:
    record = OfflineAction.objects.select_related("lesson").get(user=user, key=key)
    return SyncResult(key, record.outcome, True, _message(record.outcome, record.lesson))


def _sync_one(*, user, action: dict) -> SyncResult:
    key = action["key"]
    if OfflineAction.objects.filter(user=user, key=key).exists():
        return _replay(user=user, key=key)
    try:
        with transaction.atomic():
            # The row first: a concurrent sync of the same key fails here, before acting.
            record = OfflineAction.objects.create(
                user=user, key=key, kind=action["type"], outcome=OfflineAction.Outcome.DONE
            )
            outcome, lesson = _perform(user=user, action=action)
            record.outcome = outcome
            record.lesson = canonical_page(lesson) if lesson is not None else None
            record.save(update_fields=["outcome", "lesson"])
    except IntegrityError:
        return _replay(user=user, key=key)
    return SyncResult(key, outcome, False, _message(outcome, lesson))
