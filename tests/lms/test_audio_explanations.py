"""Issue 19 item 4: a trainer's recorded explanation, on a lesson block or a question,
is any common audio file (WAV, MP3, M4A, OGG, WebM) with a transcript; it is stored as
small mono Opus (converted with PyAV), so a phone loads it and saves it for offline."""

import io
import math
import wave
from array import array

import av
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document

from content.blocks import AudioExplanationBlock
from lms.audio import validate_audio_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English (they are translated: the admin shows them in
    the trainer's language)."""
    with translation.override("en"):
        yield


def wav_bytes(seconds: float = 2.0, *, channels: int = 2, rate: int = 44_100) -> bytes:
    """A tone as 16-bit PCM WAV, what a phone's recorder or a laptop often saves."""
    frames = int(seconds * rate)
    samples = array("h")
    for index in range(frames):
        value = int(8000 * math.sin(2 * math.pi * 440 * index / rate))
        samples.extend([value] * channels)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def document(name: str, content: bytes) -> Document:
    doc = Document(title=name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def recording(name: str = "spiega.wav", seconds: float = 2.0) -> Document:
    """A recording as a trainer uploads it, already checked and converted."""
    doc = document(name, wav_bytes(seconds))
    validate_audio_document(doc)
    return doc


def probe(doc: Document):
    with doc.file.open("rb") as handle, av.open(io.BytesIO(handle.read())) as container:
        stream = container.streams.audio[0]
        return (
            container.format.name,
            stream.codec_context.name,
            stream.codec_context.layout.nb_channels,
            container.duration / av.time_base,
        )


def test_a_wav_recording_is_stored_as_small_mono_opus():
    original = wav_bytes(3.0)
    doc = document("spiega.wav", original)
    validate_audio_document(doc)
    doc.refresh_from_db()
    assert doc.file.name.rsplit("/", 1)[-1].startswith("spiega")
    assert doc.file.name.endswith(".opus")
    container, codec, channels, seconds = probe(doc)
    assert "ogg" in container and codec == "opus" and channels == 1
    assert 2.9 < seconds < 3.2
    assert doc.file_size == doc.file.size < len(original) / 10
    assert doc.file_hash


def encoded(codec: str, container_format: str) -> bytes:
    """The (stereo) test tone in another format, encoded with the FFmpeg that PyAV bundles."""
    output = io.BytesIO()
    with (
        av.open(io.BytesIO(wav_bytes(1.0))) as source,
        av.open(output, mode="w", format=container_format) as target,
    ):
        rate = 48_000 if codec == "libopus" else 44_100
        stream = target.add_stream(codec, rate=rate, layout="stereo")
        for frame in source.decode(audio=0):
            frame.pts = None
            for packet in stream.encode(frame):
                target.mux(packet)
        for packet in stream.encode(None):
            target.mux(packet)
    return output.getvalue()


@pytest.mark.parametrize(
    "extension,codec,container_format",
    [
        ("mp3", "libmp3lame", "mp3"),
        ("m4a", "aac", "ipod"),
        ("webm", "libopus", "webm"),
        ("opus", "libopus", "ogg"),  # Opus, but in stereo: made mono
    ],
)
def test_common_formats_are_converted_too(extension, codec, container_format):
    if codec not in av.codecs_available:
        pytest.skip(f"this FFmpeg build cannot write {codec} to make the sample")
    doc = document(f"spiega.{extension}", encoded(codec, container_format))
    validate_audio_document(doc)
    container, codec_name, channels, _seconds = probe(doc)
    assert doc.file.name.endswith(".opus")
    assert "ogg" in container and codec_name == "opus" and channels == 1


def test_a_recording_already_in_mono_opus_is_kept_as_it_is():
    doc = recording()
    name, size = doc.file.name, doc.file.size
    validate_audio_document(doc)
    assert (doc.file.name, doc.file.size) == (name, size)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("spiega.pdf", b"%PDF-1.7" + b"\x00" * 50, "Choose a recording in a common audio format"),
        ("spiega.mp3", b"MZ" + b"\x00" * 500, "This file is not a recording that can be played."),
        ("spiega.wav", b"RIFF" + b"\x00" * 50, "This file is not a recording that can be played."),
        ("spiega.ogg", b"OggS\x00\x02" + b"\x00" * 200, "This file is not a recording"),
    ],
)
def test_other_files_are_refused_with_a_reason(name, content, message):
    doc = document(name, content)
    with pytest.raises(ValidationError) as error:
        validate_audio_document(doc)
    assert message in error.value.messages[0]
    assert doc.file.name.endswith(name.rsplit(".", 1)[-1])  # left as it was


def test_a_recording_too_long_is_refused(settings):
    settings.AUDIO_EXPLANATION_MAX_SECONDS = 1
    with pytest.raises(ValidationError) as error:
        validate_audio_document(document("lunga.wav", wav_bytes(2.5)))
    assert "too long (0:02 minutes): at most 0:01 minutes" in error.value.messages[0]


def test_a_recording_too_big_for_a_phone_even_converted_is_refused(settings):
    settings.AUDIO_EXPLANATION_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_audio_document(document("lunga.wav", wav_bytes(1.0)))
    assert "too big" in error.value.messages[0]


def test_the_lesson_block_refuses_a_bad_file_and_renders_a_good_one_with_its_transcript():
    block = AudioExplanationBlock()
    bad = block.to_python({"audio": document("x.wav", b"RIFF0000").pk, "transcript": "<p>t</p>"})
    with pytest.raises(StructBlockValidationError):
        block.clean(bad)
    good = block.to_python(
        {"audio": document("x.wav", wav_bytes(1.0)).pk, "transcript": "<p>Ciao a tutti</p>"}
    )
    html = block.render(block.clean(good))
    assert "<audio controls" in html and 'type="audio/ogg"' in html and '.opus"' in html
    assert "Ciao a tutti" in html


def test_a_question_with_a_recording_needs_its_transcript():
    from assessments.models import Question, QuestionCategory

    category = QuestionCategory.objects.create(name="Audio")
    question = Question(
        category=category, qtype="essay", name="Q", text="Perché?",
        audio_explanation=document("q.wav", wav_bytes(1.0)),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert "audio_explanation" not in error.value.message_dict
    assert "audio_transcript" in error.value.message_dict
    question.audio_transcript = "Spiego la domanda."
    question.clean()
    assert question.audio_explanation.file.name.endswith(".opus")
    question.audio_explanation = document("q.wav", b"RIFF0000")
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert "audio_explanation" in error.value.message_dict
