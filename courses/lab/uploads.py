"""Photos and documents attached to problems: what is accepted, how it is stored.

Files are checked by their content, not only their name: a photo must open as an
image of the format its extension says, a PDF must start like one, an ODT or DOCX
must be the office package it claims to be. Photos are re-encoded without their
metadata (a phone photo carries the GPS position where it was taken) and scaled down
to a size that reads well on any screen. Stored names are random, and files are only
ever served by ``views.problem_attachment``, which checks who is asking.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_IMAGE_EDGE = 2400  # pixels, longest side after re-encoding
MAX_IMAGE_PIXELS = 50_000_000  # refuse "decompression bombs" before decoding

IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ALLOWED_EXTENSIONS = list(CONTENT_TYPES)

KIND_NOT_ALLOWED = _(
    "This kind of file cannot be attached. Attach a photo (JPEG, PNG or WebP) or a "
    "document (PDF, ODT or DOCX), then send the form again."
)
DAMAGED = _(
    "This file does not look like a real %(kind)s: it may be damaged or have the wrong "
    "extension. Choose another file."
)
TOO_LARGE = _("The file is too large: 5 MB at most.")


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def attachment_upload_to(instance, filename: str) -> str:
    """A random, unguessable name that keeps only the (checked) extension."""
    extension = extension_of(filename)
    extension = "jpg" if extension == "jpeg" else extension
    return f"lab/private/{uuid.uuid4().hex}.{extension}"


def content_type_for(name: str) -> str:
    return CONTENT_TYPES.get(extension_of(name), "application/octet-stream")


def is_image(name: str) -> bool:
    return extension_of(name) in IMAGE_FORMATS


def clean_attachment(upload):
    """The file to store for ``upload``, or ``ValidationError`` with a reason a person
    can act on. Photos come back re-encoded (no metadata, at most 2400 px)."""
    extension = extension_of(upload.name)
    if extension not in CONTENT_TYPES:
        raise ValidationError(KIND_NOT_ALLOWED, code="kind")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(TOO_LARGE, code="size")
    if extension in IMAGE_FORMATS:
        return _clean_image(upload, extension)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "pdf":
        ok = head.startswith(b"%PDF-")
    else:
        ok = head.startswith(b"PK\x03\x04") and _is_office_package(upload, extension)
        upload.seek(0)
    if not ok:
        raise ValidationError(DAMAGED, code="content", params={"kind": extension.upper()})
    return upload


def _is_office_package(upload, extension: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if extension == "docx":
                return "word/document.xml" in names
            return "mimetype" in names and package.read("mimetype").strip() == (
                CONTENT_TYPES["odt"].encode()
            )
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _clean_image(upload, extension: str):
    from PIL import Image, ImageOps, UnidentifiedImageError

    expected = IMAGE_FORMATS[extension]
    damaged = ValidationError(DAMAGED, code="content", params={"kind": extension.upper()})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format != expected or probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise damaged
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_IMAGE_EDGE, MAX_IMAGE_EDGE))
            if expected == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            output = io.BytesIO()
            options = {"quality": 85} if expected in ("JPEG", "WEBP") else {"optimize": True}
            image.save(output, format=expected, **options)  # no exif, no text chunks
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise damaged from None
    finally:
        upload.seek(0)
    return ContentFile(output.getvalue(), name=upload.name)


def delete_attachment_file(sender, instance, **kwargs) -> None:
    """``post_delete`` receiver: a deleted problem takes its private file with it.

    The file goes only once the deletion is committed, so a rolled-back delete
    never leaves a problem pointing at a missing file.
    """
    from django.db import transaction

    if instance.attachment:
        name, storage = instance.attachment.name, instance.attachment.storage
        transaction.on_commit(lambda: storage.delete(name))
