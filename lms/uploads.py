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
