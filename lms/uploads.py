"""Bounded uploads: every file a person sends is checked by its size before it is read,
then read in chunks (never more than the limit is held in memory)."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: Size caps, in bytes, per kind of upload (README: Security and privacy).
VERIFY_PDF_MAX = 5 * 1024 * 1024
QUESTION_IMPORT_MAX = 5 * 1024 * 1024
FRAMEWORK_IMPORT_MAX = 5 * 1024 * 1024
ENROLMENT_CSV_MAX = 2 * 1024 * 1024
#: The same imports from the command line (``manage.py import_*``). Question files are
#: streamed from disk there, so a bigger bank (``make bench`` measures 20 MB) is fine.
QUESTION_IMPORT_COMMAND_MAX = 50 * 1024 * 1024
FRAMEWORK_IMPORT_COMMAND_MAX = FRAMEWORK_IMPORT_MAX
ENROLMENT_CSV_COMMAND_MAX = ENROLMENT_CSV_MAX
CHUNK = 64 * 1024


def _too_large(limit: int) -> forms.ValidationError:
    return forms.ValidationError(
        _("The file is larger than %(limit)s, the most this form accepts.")
        % {"limit": filesizeformat(limit)},
        code="file_too_large",
    )


def check_size(upload, limit: int):
    """Refuse ``upload`` when its declared size is over ``limit`` (nothing is read)."""
    if upload is not None and upload.size is not None and upload.size > limit:
        raise _too_large(limit)
    return upload


def read_capped(upload, limit: int) -> bytes:
    """The bytes of ``upload``, read in chunks and refused as soon as they pass ``limit``
    (the declared size is checked first; the count guards against a lying one)."""
    check_size(upload, limit)
    parts, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


# --- Files named on the command line -----------------------------------------------


def _command_too_large(path, limit: int):
    from django.core.management.base import CommandError

    return CommandError(
        _(
            "%(file)s: the file is larger than %(limit)s, the most this command accepts. "
            "Nothing was imported."
        )
        % {"file": path, "limit": filesizeformat(limit)}
    )


def check_path_size(path, limit: int) -> None:
    """Refuse the file at ``path`` (a ``CommandError`` naming the limit) when it is larger
    than ``limit``; nothing is read."""
    from django.core.management.base import CommandError

    try:
        size = path.stat().st_size
    except OSError as error:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": error.strerror}
        ) from None
    if size > limit:
        raise _command_too_large(path, limit)


def read_path_capped(path, limit: int) -> bytes:
    """The bytes of the file at ``path``, read in chunks and refused as soon as they pass
    ``limit`` (a file growing while it is read is caught too)."""
    from django.core.management.base import CommandError

    check_path_size(path, limit)
    parts, total = [], 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise _command_too_large(path, limit)
                parts.append(chunk)
    except OSError as error:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": error.strerror}
        ) from None
    return b"".join(parts)
