"""The lesson page: media with captions and transcript, resources, activity, reflection."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents.models import Document

from .factories import lessons_of

pytestmark = pytest.mark.django_db


def document(name: str, content: bytes = b"data") -> Document:
    doc = Document(title=name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def test_video_needs_captions_and_a_transcript(course):
    lesson = lessons_of(course)[0]
    lesson.video_file = document("intro.mp4")
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            lesson.full_clean()
        assert error.value.message_dict["captions_file"] == [
            "A video file needs a captions file (WebVTT)."
        ]
        lesson.captions_file = document("intro.vtt", b"WEBVTT\n")
        with pytest.raises(ValidationError) as error:
            lesson.full_clean()
        assert error.value.message_dict["transcript"] == ["Video and audio need a transcript."]


def test_video_plays_with_captions_and_transcript(trainee_client, course, enrollment):
    lesson = lessons_of(course)[0]
    lesson.video_file = document("intro.mp4")
    lesson.captions_file = document("intro.vtt", b"WEBVTT\n")
    lesson.audio_file = document("intro.mp3")
    lesson.transcript = "<p>Benvenuti nel percorso.</p>"
    lesson.resources = [("document", {"document": document("scheda.pdf"), "label": "Scheda"})]
    lesson.save()
    text = trainee_client.get(lesson.url).text
    assert '<track kind="captions"' in text
    assert "<audio controls" in text
    assert "Trascrizione" in text and "Benvenuti nel percorso." in text
    assert "Materiali da scaricare" in text and "Scheda" in text


def test_activity_and_reflection_are_shown_to_enrolled_trainees(trainee_client, catalog, trainee):
    from courses.services import enrollment_create

    from .factories import make_course

    course = make_course(catalog, title="Attivo", modules=1, lessons=1, activity=True)
    enrollment_create(user=trainee, course=course)
    text = trainee_client.get(lessons_of(course)[0].url).text
    assert "Fai l'esercizio." in text
    assert "Che cosa hai imparato?" in text
    assert "Salva nel mio diario" in text


def test_draft_module_hides_its_lessons(trainee_client, course, enrollment):
    module = course.get_children().first().specific
    module.unpublish()
    lesson = lessons_of(course)[0]
    assert trainee_client.get(lesson.url).status_code == 404
    assert lesson.title not in trainee_client.get(course.url).text


def test_italian_content_is_marked_italian_under_the_arabic_interface(
    trainee_client, course, enrollment
):
    lesson = lessons_of(course)[0]
    text = trainee_client.get("/ar" + lesson.url).text
    assert '<html lang="ar" dir="rtl">' in text
    assert f'<h1 lang="it" dir="ltr">{lesson.title}</h1>' in text


def test_lesson_preview_shows_the_learner_forms_disabled_with_a_note(admin_client, catalog):
    """The preview shows what a learner will see, including "Mark as complete" and the
    reflection form, disabled and labelled as a preview (nothing can be recorded)."""
    from django.urls import reverse

    from .factories import make_course

    course = make_course(catalog, title="Anteprima", modules=1, lessons=1, activity=True)
    lesson = lessons_of(course)[0]
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Che cosa hai imparato?" in text
    assert '<fieldset class="plain-fieldset" disabled>' in text
    assert "Salva nel mio diario" in text
    assert '<button type="button" class="button--wide" disabled>' in text
    assert text.count('role="note">') >= 2
