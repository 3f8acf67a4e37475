"""Recorded audio explanations (issue 19 item 4): what a trainer may attach to a lesson
block or a question, stored small so a phone loads it and saves it for offline.

A trainer uploads a recording in a common format (WAV, MP3, M4A/AAC, OGG/Opus, WebM)
as a Wagtail document. ``validate_audio_document`` checks that it decodes as audio and
lasts at most ``AUDIO_EXPLANATION_MAX_SECONDS``, then converts it with PyAV (FFmpeg and
libopus come in its wheels) to mono Opus in an Ogg container (``.opus``, 48 kHz,
``AUDIO_EXPLANATION_BITRATE``) and replaces the document's file with the result, which
must fit in ``AUDIO_EXPLANATION_MAX_BYTES``. A recording that is already mono Opus in
Ogg is kept as it is, so saving a page again converts nothing twice.
"""

from __future__ import annotations

import io
import os

import av
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: Extensions a trainer may upload (each is converted to mono Opus).
AUDIO_INPUTS = ("opus", "ogg", "oga", "mp3", "wav", "m4a", "aac", "webm")
#: Extensions of stored recordings, and the MIME type each is served with (MP3 for
#: recordings stored before the conversion existed).
AUDIO_TYPES = {"opus": "audio/ogg", "ogg": "audio/ogg", "oga": "audio/ogg", "mp3": "audio/mpeg"}
#: The stored recording: Opus at 48 kHz (what Opus always decodes to), one channel.
OPUS_RATE = 48_000


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _minutes(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _not_audio() -> ValidationError:
    return ValidationError(
        _("This file is not a recording that can be played. Choose an audio file.")
    )


def _too_long(seconds: float, limit: int) -> ValidationError:
    return ValidationError(
        _("The recording is too long (%(length)s minutes): at most %(limit)s minutes.")
        % {"length": _minutes(seconds), "limit": _minutes(limit)}
    )


def _is_small_opus(container, stream) -> bool:
    return (
        "ogg" in container.format.name.split(",")
        and stream.codec_context.name == "opus"
        and stream.codec_context.layout.nb_channels == 1
    )


def _convert(data: bytes, *, limit: int) -> bytes | None:
    """``data`` as mono Opus in Ogg, or None if it is that already. Raises a
    ValidationError if it does not decode as audio or lasts more than ``limit`` s."""
    try:
        source = av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, OSError, ValueError):
        raise _not_audio() from None
    with source:
        if not source.streams.audio:
            raise _not_audio()
        stream = source.streams.audio[0]
        if source.duration is not None and source.duration / av.time_base > limit + 0.5:
            raise _too_long(source.duration / av.time_base, limit)
        keep = _is_small_opus(source, stream)
        output = io.BytesIO()
        target = av.open(output, mode="w", format="ogg")
        encoder = target.add_stream("libopus", rate=OPUS_RATE, layout="mono")
        encoder.bit_rate = settings.AUDIO_EXPLANATION_BITRATE
        resampler = av.AudioResampler(format="s16", layout="mono", rate=OPUS_RATE)
        samples = 0

        def write(frame) -> None:
            for converted in resampler.resample(frame):
                for packet in encoder.encode(converted):
                    target.mux(packet)

        try:
            for frame in source.decode(stream):
                # The header may lie about the length: count what is really there.
                samples += frame.samples / (frame.sample_rate or OPUS_RATE)
                if samples > limit + 0.5:
                    raise _too_long(samples, limit)
                if not keep:
                    write(frame)
            if samples == 0:
                raise _not_audio()
            if keep:
                return None
            write(None)
            for packet in encoder.encode(None):
                target.mux(packet)
        except (av.FFmpegError, OSError, ValueError):
            raise _not_audio() from None
        finally:
            target.close()
    return output.getvalue()


def validate_audio_document(document) -> None:
    """Check a trainer's recording and store it as small mono Opus (see the module)."""
    name = document.file.name or ""
    if _extension(name) not in AUDIO_INPUTS:
        raise ValidationError(
            _("Choose a recording in a common audio format (%(formats)s).")
            % {"formats": ", ".join(f".{extension}" for extension in AUDIO_INPUTS)}
        )
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        raise ValidationError(_("The recording cannot be read. Upload it again.")) from None
    converted = _convert(data, limit=settings.AUDIO_EXPLANATION_MAX_SECONDS)
    size = len(data) if converted is None else len(converted)
    limit = settings.AUDIO_EXPLANATION_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The recording is too big (%(size)s): at most %(limit)s, so it loads on a phone.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if converted is not None:
        _replace_file(document, converted)


def _replace_file(document, data: bytes) -> None:
    """Put ``data`` in place of the document's file, as ``<name>.opus``."""
    old_name, storage = document.file.name, document.file.storage
    stem = os.path.splitext(os.path.basename(old_name))[0]
    document.file.save(f"{stem}.opus", ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.file.close()
    document.save()
    if old_name and old_name != document.file.name:
        storage.delete(old_name)


def audio_type(document) -> str:
    """The MIME type for ``<source type>``, from the (validated) file name."""
    return AUDIO_TYPES.get(_extension(document.file.name or ""), "audio/ogg")
