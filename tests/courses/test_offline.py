"""Offline use (issue 19.1): the list of what a course saves and the outbox sync.

The sync endpoint receives what a phone queued while offline. Each action has a key
the phone made; sending the same sync again (a lost answer, a retry) records nothing
twice and answers what it answered first.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.models import Enrollment, JournalEntry, LessonProgress, OfflineAction
from courses.offline import MAX_ACTIONS

from .factories import lessons_of

pytestmark = pytest.mark.django_db

SYNC = "/en/learn/offline/sync/"


def sync(client, actions, **extra):
    return client.post(
        SYNC, json.dumps({"actions": actions}), content_type="application/json", **extra
    )


def complete(lesson, key="complete-key-0001"):
    return {"key": key, "type": "complete", "lesson": lesson.pk}


def journal(lesson, text="Ho imparato ad ascoltare.", key="journal-key-0001"):
    return {"key": key, "type": "journal", "lesson": lesson.pk, "text": text}


def test_a_sync_records_each_action_once_however_often_it_is_sent(
    trainee_client, trainee, course, enrollment
):
    """The same outbox sent three times: one completion, one journal entry, one record
    per key; the replies to the replays say so, with the first outcome."""
    lesson = lessons_of(course)[0]
    actions = [complete(lesson), journal(lesson)]
    first = sync(trainee_client, actions)
    assert first.status_code == 200
    assert [(r["status"], r["replayed"]) for r in first.json()["results"]] == [
        ("done", False),
        ("done", False),
    ]
    for _ in range(2):
        again = sync(trainee_client, actions)
        assert again.status_code == 200
        assert [(r["key"], r["status"], r["replayed"]) for r in again.json()["results"]] == [
            ("complete-key-0001", "done", True),
            ("journal-key-0001", "done", True),
        ]
    assert LessonProgress.objects.filter(user=trainee, lesson=lesson).count() == 1
    assert JournalEntry.objects.filter(user=trainee).count() == 1
    assert JournalEntry.objects.get(user=trainee).text == "Ho imparato ad ascoltare."
    assert OfflineAction.objects.filter(user=trainee).count() == 2


def test_a_replayed_journal_entry_does_not_overwrite_a_newer_one(
    trainee_client, trainee, course, enrollment
):
    """A retry of an old sync must not bring back the old text over a newer one."""
    lesson = lessons_of(course)[0]
    sync(trainee_client, [journal(lesson, "prima", key="journal-old-0001")])
    sync(trainee_client, [journal(lesson, "dopo", key="journal-new-0001")])
    sync(trainee_client, [journal(lesson, "prima", key="journal-old-0001")])
    assert JournalEntry.objects.get(user=trainee).text == "dopo"


def test_the_same_key_of_another_person_is_their_own_action(
    course, trainee, other_trainee, enrollment
):
    """Keys are unique per person: another trainee's phone may make the same one."""
    from courses.services import enrollment_create

    enrollment_create(user=other_trainee, course=course)
    lesson = lessons_of(course)[0]
    for person in (trainee, other_trainee):
        client = Client()
        client.force_login(person)
        result = sync(client, [complete(lesson)]).json()["results"][0]
        assert (result["status"], result["replayed"]) == ("done", False)
    assert LessonProgress.objects.filter(lesson=lesson).count() == 2


def test_a_lesson_the_trainee_is_no_longer_enrolled_in(trainee_client, trainee, course, enrollment):
    """Enrolment withdrawn while the phone was offline: a clear outcome, nothing saved,
    and the same answer when the phone sends it again."""
    lesson = lessons_of(course)[1]
    Enrollment.objects.filter(pk=enrollment.pk).delete()
    for replayed in (False, True):
        with translation.override("en"):
            result = sync(trainee_client, [complete(lesson), journal(lesson)]).json()["results"]
        assert [(r["status"], r["replayed"]) for r in result] == [("not_enrolled", replayed)] * 2
        assert result[0]["message"] == (
            f"Not saved: you are no longer enrolled in the course of “{lesson.title}”."
        )
    assert not LessonProgress.objects.filter(user=trainee).exists()
    assert not JournalEntry.objects.filter(user=trainee).exists()


def test_a_lesson_that_is_gone(trainee_client, course, enrollment):
    result = sync(trainee_client, [{"key": "gone-lesson-01", "type": "complete", "lesson": 999999}])
    assert result.json()["results"][0]["status"] == "not_found"
    assert (
        result.json()["results"][0]["message"] == "Not saved: this lesson is no longer available."
    )


def test_a_lesson_read_in_a_translation_counts_for_the_original(
    trainee_client, trainee, course, enrollment
):
    from .factories import translate_tree

    translate_tree(course.get_parent())
    original = lessons_of(course)[0]
    english = original.get_translation(original.locale.__class__.objects.get(language_code="en"))
    sync(trainee_client, [complete(english)])
    assert LessonProgress.objects.get(user=trainee).lesson_id == original.pk


def test_sync_needs_a_signed_in_person(client, course):
    lesson = lessons_of(course)[0]
    response = sync(client, [complete(lesson)])
    assert response.status_code == 401
    assert response.json() == {"error": "Log in again to send your changes."}
    assert not OfflineAction.objects.exists()


def test_sync_is_protected_against_cross_site_requests(trainee, course, enrollment):
    """Without the CSRF token a sync is refused; with the token the endpoint gives, it passes."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    lesson = lessons_of(course)[0]
    assert sync(client, [complete(lesson)]).status_code == 403
    assert not LessonProgress.objects.exists()
    token = client.get(SYNC).json()["csrf"]
    assert sync(client, [complete(lesson)], HTTP_X_CSRFTOKEN=token).status_code == 200
    assert LessonProgress.objects.filter(user=trainee).count() == 1


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("not json", "The request is not valid JSON."),
        ("[]", "The request must be a JSON object with a list “actions”."),
        ('{"actions": {}}', "The request must be a JSON object with a list “actions”."),
        ('{"actions": [1]}', "Action 1 is not a JSON object."),
        (
            '{"actions": [{"key": "x", "type": "complete", "lesson": 1}]}',
            "Action 1: “key” must be 8 to 64 letters, digits, - or _.",
        ),
        (
            '{"actions": [{"key": "key-00000001", "type": "delete", "lesson": 1}]}',
            "Action 1: “type” must be “complete” or “journal”.",
        ),
        (
            '{"actions": [{"key": "key-00000001", "type": "complete", "lesson": "1"}]}',
            "Action 1: “lesson” must be a page id.",
        ),
        (
            '{"actions": [{"key": "key-00000001", "type": "journal", "lesson": 1, "text": " "}]}',
            "Action 1: a journal entry needs a “text”.",
        ),
        (
            '{"actions": [{"key": "key-00000001", "type": "complete", "lesson": 1},'
            ' {"key": "key-00000001", "type": "complete", "lesson": 1}]}',
            "Action 2 repeats a key of this request.",
        ),
    ],
)
def test_a_bad_payload_gets_a_clear_error_and_saves_nothing(
    trainee_client, course, enrollment, body, error
):
    lesson = lessons_of(course)[0]
    body = body.replace('"lesson": 1', f'"lesson": {lesson.pk}')
    response = trainee_client.post(SYNC, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": error}
    assert not OfflineAction.objects.exists()
    assert not LessonProgress.objects.exists()


def test_a_bad_action_after_good_ones_saves_none_of_them(trainee_client, course, enrollment):
    lesson = lessons_of(course)[0]
    response = sync(trainee_client, [complete(lesson), {"key": "bad"}])
    assert response.status_code == 400
    assert not LessonProgress.objects.exists()


def test_too_many_actions_at_once(trainee_client, course, enrollment):
    lesson = lessons_of(course)[0]
    actions = [complete(lesson, key=f"many-keys-{n:04d}") for n in range(MAX_ACTIONS + 1)]
    response = sync(trainee_client, actions)
    assert response.status_code == 400
    assert response.json() == {"error": f"Send at most {MAX_ACTIONS} actions at a time."}


# --- What a course saves -----------------------------------------------------------


def offline_url(course):
    return reverse("courses:offline_course", kwargs={"pk": course.pk})


def test_the_list_of_what_a_course_saves(trainee_client, trainee, course, enrollment):
    """The course page and each lesson, in the reader's language, with sizes; images in
    the phone-sized rendition that also answers for the one the page shows; captions."""
    from tests.courses.test_lesson_page import document

    lesson = lessons_of(course)[0]
    image = Image.objects.create(title="Cerchio", file=get_test_image_file(size=(1200, 800)))
    lesson.body = [("image", image)]
    lesson.captions_file = document("intro.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nCiao\n")
    lesson.transcript = "<p>Ciao</p>"
    lesson.video_file = document("intro.mp4")
    lesson.save_revision().publish()
    with translation.override("en"):
        response = trainee_client.get(offline_url(course))
    assert response.status_code == 200
    data = response.json()
    assert data["cache"] == f"impact-offline-u{trainee.pk}"
    pages = [item["url"] for item in data["items"] if item["kind"] == "page"]
    assert pages[0] == "/en/courses/percorso-peer-coach/"
    assert pages[1:] == [f"/en{lesson.url}" for lesson in lessons_of(course)]
    images = [item for item in data["items"] if item["kind"] == "image"]
    assert len(images) == 1
    small = image.get_rendition("width-480")
    assert images[0]["url"] == small.url and images[0]["bytes"] == small.file.size > 0
    assert images[0]["aliases"] == [image.get_rendition("width-800").url]
    transcripts = [item for item in data["items"] if item["kind"] == "transcript"]
    assert [t["bytes"] for t in transcripts] == [lesson.captions_file.file.size]
    assert data["total_bytes"] == sum(item["bytes"] for item in data["items"])
    assert all(item["bytes"] > 0 for item in data["items"])


def test_only_an_enrolled_trainee_gets_the_list(client, trainee, course):
    assert client.get(offline_url(course)).status_code == 401
    client.force_login(trainee)
    assert client.get(offline_url(course)).status_code == 404


def test_saving_a_lesson_for_offline_is_not_a_visit(trainee_client, course, enrollment):
    """The phone fetches every lesson to save it: "continue where you left off" stays."""
    last = lessons_of(course)[-1]
    trainee_client.get(last.url, HTTP_X_OFFLINE_SAVE="1")
    enrollment.refresh_from_db()
    assert enrollment.last_lesson_id is None
    trainee_client.get(last.url)
    enrollment.refresh_from_db()
    assert enrollment.last_lesson_id == last.pk


# --- The installable app ----------------------------------------------------------


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    first = response.content.decode().splitlines()[0]
    assert first.startswith("self.IMPACT_SW = {")
    assert '"/static/js/offline.js"' in first and '"prefixes": ["en", "fr", "ar"]' in first


@pytest.mark.parametrize(("prefix", "start"), [("", "/dashboard/"), ("/ar", "/ar/dashboard/")])
def test_the_manifest_opens_the_app_in_the_reader_language(client, prefix, start):
    response = client.get(f"{prefix}/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == start and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert data["dir"] == ("rtl" if prefix == "/ar" else "ltr")
    from django.contrib.staticfiles import finders

    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_logging_out_clears_what_the_phone_saved(trainee_client):
    response = trainee_client.post("/en/accounts/logout/")
    assert response["Clear-Site-Data"] == '"storage"'


def test_the_offline_indicator_speaks_every_language(trainee_client, trainee):
    """The words offline.js shows are in the page, in the reader's language, with the
    plural form for each count (Arabic has six)."""
    text = trainee_client.get("/ar/dashboard/").text
    assert 'role="status"' in text and 'id="offline-status"' in text
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert f"data-waiting-{category}=" in text
    english = trainee_client.get("/en/dashboard/").text
    assert 'data-waiting-one="%(count)s change waiting to be sent"' in english
    assert 'data-waiting-other="%(count)s changes waiting to be sent"' in english
    assert 'data-synced="Synced: your changes are saved."' in english


def test_a_course_saved_for_offline_carries_its_audio_explanations(
    trainee_client, course, enrollment
):
    """A lesson's recorded explanation (mono Opus, small) is saved with the lesson, its
    size counted in what the trainee is told before saving."""
    from tests.lms.test_audio_explanations import recording

    lesson = lessons_of(course)[0]
    audio = recording("spiega.wav", seconds=2.0)
    lesson.body = [("audio_explanation", {"audio": audio, "transcript": "<p>Ciao</p>"})]
    lesson.save_revision().publish()
    data = trainee_client.get(offline_url(course)).json()
    recordings = [item for item in data["items"] if item["kind"] == "audio"]
    assert [(item["url"], item["bytes"]) for item in recordings] == [(audio.url, audio.file.size)]
    assert audio.url.endswith(".opus") and 0 < audio.file.size < 20_000
