"""Issue 19 item 4: a trainer's recorded explanation, on a lesson block or a question,
must be a small Opus/OGG or MP3 recording with a transcript (no conversion here: ffmpeg
is not installed). Checked by name, first bytes and size."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document

from content.blocks import AudioExplanationBlock
from lms.audio import validate_audio_document

pytestmark = pytest.mark.django_db

OGG = b"OggS\x00\x02" + b"\x00" * 200
MP3 = b"ID3\x04\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English (they are translated: the admin shows them in
    the trainer's language)."""
    with translation.override("en"):
        yield


def document(name: str, content: bytes) -> Document:
    doc = Document(title=name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


@pytest.mark.parametrize(
    "name,content", [("spiega.opus", OGG), ("spiega.ogg", OGG), ("spiega.mp3", MP3)]
)
def test_small_opus_ogg_and_mp3_recordings_are_accepted(name, content):
    validate_audio_document(document(name, content))


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("spiega.wav", b"RIFF" + b"\x00" * 50, "Choose a recording in Opus, OGG or MP3 format"),
        (
            "spiega.ogg",
            b"%PDF-1.7" + b"\x00" * 50,
            "This file is not an Opus, OGG or MP3 recording.",
        ),
        ("spiega.mp3", b"MZ" + b"\x00" * 50, "This file is not an Opus, OGG or MP3 recording."),
    ],
)
def test_other_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_audio_document(document(name, content))
    assert message in error.value.messages[0]


def test_a_recording_too_big_for_a_phone_is_refused(settings):
    settings.AUDIO_EXPLANATION_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_audio_document(document("lunga.ogg", OGG))
    assert "too big" in error.value.messages[0]


def test_the_lesson_block_refuses_a_bad_file_and_renders_a_good_one_with_its_transcript():
    block = AudioExplanationBlock()
    bad = block.to_python({"audio": document("x.wav", b"RIFF0000").pk, "transcript": "<p>t</p>"})
    with pytest.raises(StructBlockValidationError):
        block.clean(bad)
    good = block.to_python(
        {"audio": document("x.ogg", OGG).pk, "transcript": "<p>Ciao a tutti</p>"}
    )
    html = block.render(block.clean(good))
    assert "<audio controls" in html and 'type="audio/ogg"' in html
    assert "Ciao a tutti" in html


def test_a_question_with_a_recording_needs_its_transcript():
    from assessments.models import Question, QuestionCategory

    category = QuestionCategory.objects.create(name="Audio")
    question = Question(
        category=category, qtype="essay", name="Q", text="Perché?",
        audio_explanation=document("q.mp3", MP3),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert "audio_transcript" in error.value.message_dict
    question.audio_transcript = "Spiego la domanda."
    question.clean()
    question.audio_explanation = document("q.wav", b"RIFF0000")
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert "audio_explanation" in error.value.message_dict
