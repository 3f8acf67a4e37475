"""Recorded audio explanations (issue 19 item 4): what a trainer may attach to a lesson
block or a question. No ffmpeg is installed here, so nothing is converted: the file
must already be small and in a phone-friendly format (Opus/OGG or MP3), which is
checked by its name, its first bytes and its size (``AUDIO_EXPLANATION_MAX_BYTES``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: Extensions accepted, and the MIME type each is served with.
AUDIO_TYPES = {"opus": "audio/ogg", "ogg": "audio/ogg", "oga": "audio/ogg", "mp3": "audio/mpeg"}


def _looks_like(extension: str, head: bytes) -> bool:
    if extension == "mp3":
        return head.startswith(b"ID3") or (
            len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
        )
    return head.startswith(b"OggS")


def validate_audio_document(document) -> None:
    """Refuse a Wagtail document that is not a small Opus/OGG or MP3 recording."""
    name = document.file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in AUDIO_TYPES:
        raise ValidationError(
            _("Choose a recording in Opus, OGG or MP3 format (.opus, .ogg, .oga, .mp3).")
        )
    limit = settings.AUDIO_EXPLANATION_MAX_BYTES
    try:
        size = document.file.size
        with document.file.open("rb") as handle:
            head = handle.read(4)
    except (OSError, ValueError):
        raise ValidationError(_("The recording cannot be read. Upload it again.")) from None
    if size > limit:
        raise ValidationError(
            _("The recording is too big (%(size)s): at most %(limit)s, so it loads on a phone.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if not _looks_like(extension, head):
        raise ValidationError(_("This file is not an Opus, OGG or MP3 recording."))


def audio_type(document) -> str:
    """The MIME type for ``<source type>``, from the (validated) file name."""
    name = document.file.name or ""
    return AUDIO_TYPES.get(name.rsplit(".", 1)[-1].lower(), "audio/ogg")
